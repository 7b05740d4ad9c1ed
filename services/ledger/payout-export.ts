import { create } from "xmlbuilder2";
import type { Database } from "../db/database.ts";
import { AppError } from "../errors.ts";

export interface PayoutLine {
  providerId: string;
  providerName: string;
  orgNumber: string;
  bankAccount: string;
  amountOre: number;
  items: number;
}

export interface PayoutBatchExport {
  batchId: string;
  createdAt: Date;
  lines: PayoutLine[];
  totalOre: number;
}

/** A batch with one line per club paid, from the settlement items (the source of truth). */
export async function loadPayoutBatch(db: Database, batchId: string): Promise<PayoutBatchExport> {
  const batch = await db.prisma.payoutBatch.findUnique({ where: { id: batchId }, include: { items: true } });
  if (!batch) throw new AppError("NOT_FOUND", `no payout batch ${batchId}`);
  const providers = await db.prisma.provider.findMany({ where: { id: { in: [...new Set(batch.items.map((i) => i.providerId))] } } });
  const lines = providers
    .map((provider) => {
      const items = batch.items.filter((item) => item.providerId === provider.id);
      return {
        providerId: provider.id,
        providerName: provider.name,
        orgNumber: provider.orgNumber,
        bankAccount: provider.bankAccount ?? "",
        amountOre: items.reduce((sum, item) => sum + item.amountOre, 0),
        items: items.length,
      };
    })
    .sort((a, b) => a.providerId.localeCompare(b.providerId));
  return { batchId: batch.id, createdAt: batch.createdAt, lines, totalOre: lines.reduce((sum, line) => sum + line.amountOre, 0) };
}

const nok = (ore: number) => `${Math.trunc(ore / 100)}.${String(Math.abs(ore % 100)).padStart(2, "0")}`;

export interface Payer {
  name: string;
  orgNumber: string;
  account: string;
}

/**
 * ISO 20022 pain.001.001.03 customer credit transfer initiation, the format Norwegian banks take:
 * a group header with the number of transactions and their control sum, one payment-information
 * block debiting the municipality's account, one credit transfer per club to its account (BBAN),
 * the club identified by its organisation number.
 */
export function toPain001(batch: PayoutBatchExport, payer: Payer, executionDate: string): string {
  const orgId = (id: string, code: string) => ({ OrgId: { Othr: { Id: id, SchmeNm: { Cd: code } } } });
  const doc = create({ version: "1.0", encoding: "UTF-8" }).ele("urn:iso:std:iso:20022:tech:xsd:pain.001.001.03", "Document").ele("CstmrCdtTrfInitn");
  doc.ele({
    GrpHdr: {
      MsgId: batch.batchId,
      CreDtTm: batch.createdAt.toISOString().slice(0, 19),
      NbOfTxs: String(batch.lines.length),
      CtrlSum: nok(batch.totalOre),
      InitgPty: { Nm: payer.name, Id: orgId(payer.orgNumber, "CUST") },
    },
  });
  const payment = doc.ele("PmtInf");
  payment.ele({
    PmtInfId: `${batch.batchId}-1`,
    PmtMtd: "TRF",
    NbOfTxs: String(batch.lines.length),
    CtrlSum: nok(batch.totalOre),
    PmtTpInf: { InstrPrty: "NORM", SvcLvl: { Cd: "NURG" } },
    ReqdExctnDt: executionDate,
    Dbtr: { Nm: payer.name, Id: orgId(payer.orgNumber, "COID") },
    DbtrAcct: { Id: { Othr: { Id: payer.account, SchmeNm: { Cd: "BBAN" } } }, Ccy: "NOK" },
    DbtrAgt: { FinInstnId: { Othr: { Id: "NOTPROVIDED" } } },
    ChrgBr: "SLEV",
  });
  batch.lines.forEach((line, index) => {
    payment.ele({
      CdtTrfTxInf: {
        PmtId: { InstrId: `${batch.batchId}-${index + 1}`, EndToEndId: `${batch.batchId}-${index + 1}` },
        Amt: { InstdAmt: { "@Ccy": "NOK", "#": nok(line.amountOre) } },
        Cdtr: { Nm: line.providerName.slice(0, 70), Id: orgId(line.orgNumber, "COID") },
        CdtrAcct: { Id: { Othr: { Id: line.bankAccount, SchmeNm: { Cd: "BBAN" } } } },
        RmtInf: { Ustrd: `Fritidskortet ${batch.batchId}` },
      },
    });
  });
  return doc.end({ prettyPrint: true });
}

/** The same batch for the municipality's accounting system (RFC 4180 CSV, amounts in NOK). */
export function toCsv(batch: PayoutBatchExport): string {
  const quote = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const rows = [
    ["batch_id", "provider_id", "organisation_number", "provider_name", "bank_account", "amount_nok", "transfers"],
    ...batch.lines.map((line) => [batch.batchId, line.providerId, line.orgNumber, line.providerName, line.bankAccount, nok(line.amountOre), String(line.items)]),
  ];
  return rows.map((row) => row.map(quote).join(",")).join("\r\n") + "\r\n";
}
