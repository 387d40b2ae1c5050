import { useEffect } from "preact/hooks";
import { useNotice } from "./hooks";
import { flush } from "./queue";
import { ErrorMessage } from "./components";
import { plural } from "./format";

/**
 * Sends sign-offs queued offline, wherever in the app the user is: at start
 * and whenever the network returns. Says how many went, and any refused.
 */
export function SignOffQueue() {
  // Once sent, the news is old: it goes away by itself.
  const [notice, announce] = useNotice(8000);
  const [refused, setRefused] = useNotice();
  useEffect(() => {
    const send = () => flush().then((r) => {
      if (r.sent) announce(`${plural(r.sent, "sparad markering skickades", "sparade markeringar skickades")}.`);
      if (r.refused.length) setRefused(r.refused.map((e) => e.message).join(" "));
    });
    send();
    addEventListener("online", send);
    return () => removeEventListener("online", send);
  }, []);
  return (
    <>
      <p role="status" class="notice">{notice}</p>
      {refused ? <ErrorMessage error={new Error(refused)} prefix="En sparad markering togs inte emot. " /> : null}
    </>
  );
}
