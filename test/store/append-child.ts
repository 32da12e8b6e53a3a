// Child process for the kill -9 test: appends judgments from 20 concurrent writers forever and
// prints `ack <task>` for each append that resolved (i.e. was acknowledged as durable).
import { openJudgmentLog } from '../../src/store/embedded/judgment-log.ts';

const [file, prefix] = process.argv.slice(2);
const log = await openJudgmentLog(file);
process.stdout.write(`open ${log.count()}\n`);
let n = 0;
async function writer(): Promise<never> {
  for (;;) {
    const task = `${prefix}-${n++}`;
    await log.append({ v: 1, study: 's', task, rater: 'r', item: 'i', left: 'a', right: 'b', choice: 'left', rationale: 'x'.repeat(n % 300) });
    process.stdout.write(`ack ${task}\n`);
  }
}
await Promise.all(Array.from({ length: 20 }, writer));
