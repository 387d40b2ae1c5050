import { beforeEach, describe, expect, it } from "vitest";
import { GraphQLError, NetworkError } from "./api";
import type { SignOffInput } from "./gql";
import { flush, pending, signOff } from "./queue";

describe("offline sign-off queue", () => {
  beforeEach(() => localStorage.clear());
  const offline = async () => { throw new NetworkError("offline"); };

  it("keeps a sign-off made offline and sends it later with the same key and day", async () => {
    const sent: SignOffInput[] = [];
    const input = { actionID: "7", idempotencyKey: "k1", comment: "klart", doneOn: "2024-06-30" };
    expect(await signOff(input, offline)).toBe("queued");
    expect(pending()).toHaveLength(1);
    expect(await flush(async (i) => { sent.push(i); })).toEqual({ sent: 1, refused: [] });
    expect(sent).toEqual([input]);
    expect(pending()).toHaveLength(0);
  });

  it("sends at once when online and keeps nothing", async () => {
    expect(await signOff({ actionID: "8", idempotencyKey: "k2" }, async () => ({}))).toBe("sent");
    expect(pending()).toEqual([]);
  });

  it("drops a queued sign-off the server already has", async () => {
    await signOff({ actionID: "9", idempotencyKey: "k3" }, offline);
    expect(await flush(async () => { throw new GraphQLError("already", "CONFLICT"); })).toEqual({ sent: 1, refused: [] });
    expect(pending()).toEqual([]);
  });

  it("reports a final refusal and does not retry it", async () => {
    const r = await signOff({ actionID: "9", idempotencyKey: "k4" }, async () => { throw new GraphQLError("nej", "FORBIDDEN"); });
    expect(r).toMatchObject({ error: { message: "nej" } });
    expect(pending()).toEqual([]);
    await signOff({ actionID: "10", idempotencyKey: "k5" }, offline);
    const f = await flush(async () => { throw new GraphQLError("no such action", "NOT_FOUND"); });
    expect(f.sent).toBe(0);
    expect(f.refused.map((e) => e.message)).toEqual(["no such action"]);
    expect(pending()).toEqual([]);
  });

  it("keeps a sign-off through an expired session or a server error, and sends it later", async () => {
    await signOff({ actionID: "11", idempotencyKey: "k6" }, offline);
    await signOff({ actionID: "12", idempotencyKey: "k7" }, offline);
    expect(await flush(async () => { throw new GraphQLError("log in", "UNAUTHENTICATED"); })).toEqual({ sent: 0, refused: [] });
    expect(await flush(async () => { throw new GraphQLError("Servern svarade 502"); })).toEqual({ sent: 0, refused: [] });
    expect(pending().map((p) => p.idempotencyKey)).toEqual(["k6", "k7"]);
    expect(await flush(async () => ({}))).toEqual({ sent: 2, refused: [] });
    expect(pending()).toEqual([]);
  });
});
