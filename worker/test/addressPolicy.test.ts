import { describe, expect, it } from "vitest";
import { addressPolicy, isLoopbackAddress, isPublicAddress } from "../src/net/addressPolicy.ts";

describe("isPublicAddress", () => {
  it.each([
    "0.0.0.0",
    "0.1.2.3",
    "10.0.0.1",
    "100.64.0.1",
    "100.127.255.254",
    "127.0.0.1",
    "127.255.255.254",
    "169.254.169.254",
    "172.16.0.1",
    "172.31.255.255",
    "192.0.0.8",
    "192.0.2.1",
    "192.88.99.1",
    "192.168.0.1",
    "198.18.0.1",
    "198.19.255.255",
    "198.51.100.1",
    "203.0.113.1",
    "224.0.0.1",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:169.254.169.254",
    "::ffff:8.8.8.8", // mapped: even a public IPv4 is not dialled through a mapped form
    "::127.0.0.1", // IPv4-compatible
    "64:ff9b::a9fe:a9fe", // NAT64 of 169.254.169.254
    "100::1", // discard
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "fec0::1",
    "ff02::1",
    "2001::1", // Teredo
    "2001:db8::1",
    "2002:7f00:1::1", // 6to4 of 127.0.0.1
    "[::1]",
    "not an address",
    "",
  ])("%s is not public", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    "1.1.1.1",
    "8.8.8.8",
    "140.82.112.3",
    "100.63.255.255",
    "100.128.0.0",
    "172.15.255.255",
    "172.32.0.0",
    "223.255.255.255",
    "2606:4700:4700::1111",
    "2a00:1450:4007:80e::200e",
    "[2606:4700:4700::1111]",
  ])("%s is public", (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe("addressPolicy", () => {
  it("allows loopback only in local development, never private ranges", () => {
    const production = addressPolicy({ allowLoopback: false });
    const local = addressPolicy({ allowLoopback: true });
    for (const loop of ["127.0.0.1", "127.0.0.53", "::1"]) {
      expect(isLoopbackAddress(loop)).toBe(true);
      expect(production.allows(loop)).toBe(false);
      expect(local.allows(loop)).toBe(true);
    }
    for (const inside of [
      "10.0.0.1",
      "169.254.169.254",
      "::ffff:127.0.0.1",
      "fd00::1",
      "0.0.0.0",
    ]) {
      expect(local.allows(inside)).toBe(false);
    }
    expect(production.allows("8.8.8.8")).toBe(true);
  });
});
