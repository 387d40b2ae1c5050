import { useEffect, useState } from "preact/hooks";
import { gql } from "../../api";
import { NotificationAdminDocument, SetNotificationSettingsDocument, type MeQuery } from "../../gql";
import { useMutation, useNotice, useQuery } from "../../hooks";
import { ErrorMessage, Failed, Loading, value } from "../../components";
import { departmentsWhere } from "./Admin";

const weekdays = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"];
const kinds: Record<string, string> = { digest: "Veckobrev", reminder: "Påminnelse", event: "Händelse" };

/** Utskick: when a department's mails go out, and the mails that could not be sent. */
export function Mail({ me }: { me: MeQuery["me"] }) {
  const mine = departmentsWhere(me, "administers");
  return (
    <>
      <h2>Utskick</h2>
      <p>Veckobrevet och påminnelserna går ut på förvaltningens dag och timme (svensk tid). Var och en väljer själv under Mina utskick vilka brev de vill ha.</p>
      {mine.map((d) => <DepartmentMail key={d.id} id={d.id} name={d.name} />)}
    </>
  );
}

function DepartmentMail({ id, name }: { id: string; name: string }) {
  const q = useQuery(NotificationAdminDocument, { department: id });
  const m = useMutation();
  const [notice, setNotice] = useNotice(6000);
  const [day, setDay] = useState("1");
  const [hour, setHour] = useState("7");
  const [days, setDays] = useState("7");
  const s = q.data?.notificationSettings;
  useEffect(() => {
    if (!s) return;
    setDay(String(s.digestWeekday));
    setHour(String(s.digestHour));
    setDays(String(s.reminderDays));
  }, [s]);
  const f = (k: string) => `utskick-${k}-${id}`;
  if (q.error && !q.data) return <Failed error={q.error} />;
  if (!q.data) return <Loading what="utskicken" />;
  const save = async (e: Event) => {
    e.preventDefault();
    const input = { digestWeekday: Number(day), digestHour: Number(hour), reminderDays: Number(days) };
    if (await m.run(() => gql(SetNotificationSettingsDocument, { department: id, input }))) {
      setNotice(`Sparat: veckobrevet går ut på ${weekdays[input.digestWeekday - 1]}ar klockan ${input.digestHour}.`);
      q.reload();
    }
  };
  const failed = q.data.notificationLog;
  return (
    <section aria-labelledby={f("rubrik")}>
      <h3 id={f("rubrik")}>{name}</h3>
      <form class="stack" onSubmit={save}>
        <p>
          <label for={f("dag")}>Veckobrevets dag</label>
          <select id={f("dag")} value={day} onChange={(e) => setDay(value(e))}>
            {weekdays.map((w, i) => <option key={w} value={String(i + 1)}>{w}</option>)}
          </select>
        </p>
        <p>
          <label for={f("timme")}>Klockan</label>
          <select id={f("timme")} value={hour} onChange={(e) => setHour(value(e))}>
            {Array.from({ length: 24 }, (_, h) => <option key={h} value={String(h)}>{String(h).padStart(2, "0")}:00</option>)}
          </select>
        </p>
        <p>
          <label for={f("dagar")}>Påminnelse så här många dagar före</label>
          <input id={f("dagar")} type="number" min={0} max={60} required value={days} onInput={(e) => setDays(value(e))} />
        </p>
        <button type="submit" disabled={m.busy}>Spara</button>
        <ErrorMessage error={m.error} />
      </form>
      <p role="status" class="notice">{notice}</p>
      {failed.length ? (
        <div class="scroll"><table>
          <caption>Brev som inte gick att skicka</caption>
          <thead><tr><th scope="col">Till</th><th scope="col">Brev</th><th scope="col">Försök</th><th scope="col">Svar från e-postservern</th></tr></thead>
          <tbody>
            {failed.map((e) => (
              <tr key={`${e.user?.id}-${e.kind}-${e.occasion}`}>
                <td>{e.user ? `${e.user.name} (${e.user.email})` : "okänd"}</td>
                <td>{kinds[e.kind] ?? e.kind}: {e.subject || e.occasion}</td>
                <td>{e.attempts}, sista {new Date(e.at).toLocaleString("sv-SE")}</td>
                <td>{e.detail}</td>
              </tr>
            ))}
          </tbody>
        </table></div>
      ) : <p>Inga brev har misslyckats: alla har gått fram till e-postservern.</p>}
    </section>
  );
}
