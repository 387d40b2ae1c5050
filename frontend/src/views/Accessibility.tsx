export function Accessibility() {
  return (
    <>
      <h1>Tillgänglighetsredogörelse</h1>
      <p>Handlingsplan ska gå att använda för alla, enligt lagen (2018:1937) om tillgänglighet till digital offentlig service och WCAG 2.1 nivå AA.</p>
      <h2>Så tillgänglig är tjänsten</h2>
      <p>Tjänsten är byggd med semantisk HTML, fungerar med tangentbord och skärmläsare, har synligt fokus, kontraster enligt AA och respekterar inställningen för minskad rörelse. Varje vy testas automatiskt med axe-core i en mobil skärmstorlek, och inget innehåll kräver att man scrollar i sidled.</p>
      <h2>Kända brister</h2>
      <ul>
        <li>Rapporten till nämnden som PDF och Excel är inte granskad för tillgänglighet. Samma uppgifter finns i vyn Uppföljning.</li>
        <li>Underlag som användare laddar upp (PDF, bilder, Office-dokument) granskas inte av tjänsten.</li>
        <li>Granskningsloggen visar ändrade fält med deras tekniska namn.</li>
      </ul>
      <h2>Kontakta oss</h2>
      <p>Om du inte kan använda någon del av tjänsten, kontakta förvaltningens systemförvaltare. Du kan också anmäla brister till Myndigheten för digital förvaltning (Digg).</p>
      <p>Redogörelsen uppdaterades senast i november 2026.</p>
    </>
  );
}
