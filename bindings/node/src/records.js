// Results as the NDJSON records every payguard host writes: one per row in
// file order, keys and order as `payguard score --format ndjson`, so that
// `toNdjson` gives the CLI's text byte for byte.

function finding(f) {
  const out = {
    rule: f.rule,
    category: f.category,
    severity: f.severity,
    points: f.points,
    message: f.message,
    evidence: f.evidence.map(({ key, value }) => ({ key, value })),
    related_payouts: f.relatedPayouts,
    related_employees: f.relatedEmployees,
  };
  if (f.waiver !== undefined) {
    const { year, month, day } = f.waiver.expires;
    out.waiver = { reason: f.waiver.reason, expires: { year, month, day } };
  }
  return out;
}

/** A scored row's record, from the plugin's assessment. */
export function assessed(row, a) {
  return {
    line: Number(row.line),
    payout_id: row.payoutId,
    employee_id: row.employeeId ?? null,
    score: a.score,
    decision: a.decision,
    // What a bank file says against the roster follows the plugin's, as
    // the reader wrote it (no points).
    findings: [...a.findings.map(finding), ...JSON.parse(row.fileFindings)],
  };
}

/** A rejected row's record: the reader's or the plugin's reason. */
export function rejected(row, error) {
  return {
    line: Number(row.line),
    payout_id: row.payoutId,
    employee_id: row.employeeId ?? null,
    decision: 'rejected',
    error: { field: error.field ?? null, message: error.message },
  };
}

/** Records as NDJSON text, one line each. */
export function toNdjson(records) {
  let text = '';
  for (const r of records) text += `${JSON.stringify(r)}\n`;
  return text;
}
