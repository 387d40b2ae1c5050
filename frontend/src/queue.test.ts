import { beforeEach, describe, expect, it } from "vitest";
import { GraphQLError, NetworkError } from "./api";
import type { SignOffInput } from "./gql";
import { flush, pending, signOff } from "./queue";

describe("offline sign-off queue", () => {
  beforeEach(() => localStorage.clear());

  it("keeps a sign-off made offline and sends it later with the same key", async () => {
    const sent: SignOffInput[] = [];
    const offline = async () => { throw new NetworkError("offline"); };
    expect(await signOff({ actionID: "7", idempotencyKey: "k1", comment: "klart" }, offline)).toBe("queued");
    expect(pending()).toHaveLength(1);
    expect(await flush(async (i) => { sent.push(i); })).toBe(1);
    expect(sent).toEqual([{ actionID: "7", idempotencyKey: "k1", comment: "klart" }]);
    expect(pending()).toHaveLength(0);
  });

  it("sends at once when online and keeps nothing", async () => {
    expect(await signOff({ actionID: "8", idempotencyKey: "k2" }, async () => ({}))).toBe("sent");
    expect(pending()).toEqual([]);
  });

  it("drops a queued sign-off the server already has", async () => {
    await signOff({ actionID: "9", idempotencyKey: "k3" }, async () => { throw new NetworkError("x"); });
    expect(await flush(async () => { throw new GraphQLError("already", "CONFLICT"); })).toBe(1);
    expect(pending()).toEqual([]);
  });

  it("reports a refusal and does not retry it", async () => {
    const r = await signOff({ actionID: "9", idempotencyKey: "k4" }, async () => { throw new GraphQLError("nej", "FORBIDDEN"); });
    expect(r).toEqual({ error: "nej" });
    expect(pending()).toEqual([]);
  });
});
