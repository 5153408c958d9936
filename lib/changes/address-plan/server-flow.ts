import "server-only";
import { previewChange } from "../server";
import { ChangeInputError, type ProposeInput } from "../workflow-types";
import { parseAddressPlanCsv } from "./csv";
import type { AddressPlanPreview } from "./dto";
import { classifyRows } from "./preview";

/** What the address plan page sends: one device, the DHCP server's name, the CSV text. */
export interface AddressPlanRequest {
  deviceId: string;
  server: string;
  csv: string;
}

/**
 * The proposal of `dhcp-lease.import` an address plan makes: the CSV parsed into rows (each with its line).
 * @throws ChangeInputError with the problems by line under `csv` when the CSV does not parse or a row is invalid
 */
export function addressPlanProposal(input: AddressPlanRequest): ProposeInput {
  const parsed = parseAddressPlanCsv(input.csv);
  if (!parsed.ok)
    throw new ChangeInputError(`the CSV has ${parsed.problems.length === 1 ? "a problem" : "problems"}: ${parsed.problems[0] ?? ""}`, { csv: parsed.problems });
  return { kind: "dhcp-lease.import", deviceIds: [input.deviceId], params: { server: input.server, rows: parsed.rows } };
}

/**
 * Previews an address plan (lib/changes/server.ts previewChange: permission changes.propose, router reads only) and
 * sorts its rows into new / changed / unchanged (classifyRows).
 * @throws ChangeInputError (the CSV, the params or the device); UnauthenticatedError, ForbiddenError
 */
export async function addressPlanPreview(input: AddressPlanRequest): Promise<AddressPlanPreview> {
  const proposal = addressPlanProposal(input);
  const preview = await previewChange(proposal);
  const rows = (proposal.params as { rows: Parameters<typeof classifyRows>[1] }).rows;
  return classifyRows(input.server, rows, preview);
}
