// Type-checked by types.test.mjs (tsc --noEmit): the README's quick start
// and each record shape as a TypeScript user writes them.
import { type FileNote, InputError, Plugin, type PayoutRecord, scoreFile, scorePayroll, toNdjson } from '../index.js';

const results: PayoutRecord[] = scoreFile('examples/payroll.csv', { asOf: '2026-12-01' });
for (const r of results) {
  if (r.decision === 'rejected') {
    const field: string | null = r.error.field;
    void field;
  } else {
    const points: number = r.findings.reduce((sum, f) => sum + f.points, 0);
    const waived: boolean = r.findings.some((f) => f.waiver !== undefined);
    void points, void waived;
  }
}
const plugin = new Plugin({ chunkSize: 1024 });
const text: string = toNdjson(plugin.scorePayroll([{ payout_id: 'P1', amount: 12.5, phone: null }], { policy: [{ 'review-threshold': 30 }], asOf: null }));
const again: PayoutRecord[] = scorePayroll([], { asOf: new Date() });
const error: Error = new InputError('x');
// A bank file joined to a roster: its notes first, told apart by `kind`.
const bank: (FileNote | PayoutRecord)[] = scoreFile('examples/payroll.ach', { roster: 'examples/roster.csv', joinOn: 'individual-id', sanctions: 'tests/fixtures/sanctions.csv' });
for (const r of bank) {
  if ('kind' in r) {
    const where: number = r.line;
    void where;
  } else if (r.decision !== 'rejected') {
    void r.score;
  }
}
void text, void again, void error, void plugin.info().contract;
