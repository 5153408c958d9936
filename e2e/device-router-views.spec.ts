import { expect, test } from "@playwright/test";
import { storageState } from "./accounts";
import { readE2eDb } from "./db";
import { setSimFault } from "./sim";

// The device page's router views (IP, Firewall, interface lists on the MAC server tab, MACVLAN parents), read
// live from the simulator by a viewer: the least privileged role that may see devices.
test.use({ storageState: storageState("viewer") });

function deviceId(name: string): string {
  const row = readE2eDb((db) => db.prepare("SELECT id FROM Device WHERE name = ?").get(name) as { id: string } | undefined);
  if (!row) throw new Error(`no seeded device ${name}`);
  return row.id;
}

test("IP tab: addresses, DHCP server and network, leases searchable by MAC and sortable by address", async ({ page }) => {
  await page.goto(`/devices/${deviceId("guide-isp-dhcp")}`);
  await page.getByTestId("device-tab-ip").click();
  await expect(page).toHaveURL(/\/ip$/);
  await expect(page.getByTestId("ip-addresses-table")).toContainText("223.203.225.1/24");
  await expect(page.getByTestId("ip-addresses-table")).toContainText("vlan-32");
  await expect(page.getByTestId("dhcp-servers-table")).toContainText("dhcp-vlan32");
  await expect(page.getByTestId("dhcp-servers-table")).toContainText("30m");
  await expect(page.getByTestId("dhcp-networks-table")).toContainText("223.203.225.0/24");

  const leases = page.getByTestId("dhcp-leases-table");
  await expect(leases.locator("tbody tr")).toHaveCount(2);
  await expect(leases.locator("tbody tr").first()).toContainText("static");
  await expect(page.getByTestId("lease-count")).toHaveText(/2 leases · 2 static/);

  await page.getByLabel("Search by MAC, IP or host name").fill("aa:bb:cc");
  await expect(leases.locator("tbody tr")).toHaveCount(1);
  await expect(leases).toContainText("AA:BB:CC:DD:EE:FF");
  await expect(leases).toContainText("customer B");
  await expect(page.getByTestId("lease-count")).toHaveText(/1 of 2 leases/);
  await page.getByLabel("Search by MAC, IP or host name").fill("");

  const addressHeader = leases.getByRole("columnheader", { name: /Address/ }).first();
  await addressHeader.getByRole("button").click();
  await addressHeader.getByRole("button").click();
  await expect(addressHeader).toHaveAttribute("aria-sort", "descending");
  await expect(leases.locator("tbody tr").first()).toContainText("223.203.225.20");
  await expect(page.getByTestId("addressing-view")).toContainText(/refreshes every 10 s \(read from the router\)/);
});

test("Firewall tab: rules in order with counters in human units, filterable by chain", async ({ page }) => {
  await page.goto(`/devices/${deviceId("guide-soho-macvlan")}/firewall`);
  const filter = page.getByTestId("firewall-filter-table");
  await expect(filter.locator("tbody tr")).toHaveCount(4);
  await expect(filter.locator("tbody tr").nth(0)).toContainText("connection-state=established,related");
  await expect(filter.locator("tbody tr").nth(1)).toContainText("in-interface=macvlan-iot");
  await expect(filter.locator("tbody tr").nth(3)).toContainText("input");
  for (const cell of await filter.getByTestId("rule-bytes").all()) {
    await expect(cell).toHaveText(/^\d+(\.\d+)? (B|KiB|MiB|GiB|TiB)$/);
    await expect(cell).toHaveAttribute("title", /^[\d,]+ bytes$/);
  }
  await expect(filter.getByTestId("rule-packets").first()).toHaveAttribute("title", /^[\d,]+ packets$/);

  await page.getByLabel("Chain").first().selectOption("input");
  await expect(filter.locator("tbody tr")).toHaveCount(1);
  await expect(filter.locator("tbody tr").first()).toContainText("IoT may not reach the router's LAN address");
  await expect(page.getByTestId("firewall-nat-table")).toContainText("masquerade");
  await expect(page.getByTestId("firewall-nat-table")).toContainText("out-interface-list=WAN");
});

test("MAC server tab: interface lists with members and the interfaces the MAC server answers on", async ({ page }) => {
  await page.goto(`/devices/${deviceId("guide-macserver")}/mac-server`);
  await expect(page.getByTestId("reach-mac-telnet")).toHaveText("vlan-68");
  await expect(page.getByTestId("reach-mac-winbox")).toHaveText("vlan-68");
  const lists = page.getByTestId("interface-lists-table");
  const row = lists.locator("tbody tr", { hasText: "mac-allowed" });
  await expect(row).toContainText("MAC-Telnet");
  await expect(row).toContainText("vlan-68");
  await expect(lists.locator("tbody tr", { hasText: "WAN" }).first()).toContainText("ether1");
});

test("MACVLAN tab: the parent interface's type, state and MTU", async ({ page }) => {
  await page.goto(`/devices/${deviceId("guide-soho-macvlan")}/macvlan`);
  const parents = page.getByTestId("macvlan-parents-table");
  const row = parents.locator("tbody tr", { hasText: "ether2" });
  await expect(row).toContainText("ether");
  await expect(row).toContainText("running");
  await expect(row).toContainText("1500");
  await expect(row).toContainText("macvlan-iot");
});

test("a router answering garbage shows a clear error, and the view recovers when it answers again", async ({ page }) => {
  const router = "guide-macsec-b";
  await setSimFault(router, { mode: "garbage" });
  try {
    await page.goto(`/devices/${deviceId(router)}/firewall`);
    const error = page.getByTestId("firewall-view-error");
    await expect(error).toContainText("Could not read the firewall rules from the router");
    await expect(error).toContainText(/Unexpected answer from the router/);
  } finally {
    await setSimFault(router, null);
  }
  await expect(page.getByTestId("firewall-filter-table")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("firewall-view-error")).toHaveCount(0);
});
