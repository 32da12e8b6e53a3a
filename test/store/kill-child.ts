// A writer in a child process, killed with SIGKILL as soon as it has said enough: for tests of what
// survives a kill -9. The child prints one line per event (`ack <task>`, ...); the lines it printed
// before it died are what the test checks the store against.
import { spawn } from 'node:child_process';

export function runUntilKilled(script: string, args: string[], enough: (lines: string[]) => boolean): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const complete = buffered.split('\n');
      buffered = complete.pop() ?? '';
      lines.push(...complete);
      if (!child.killed && enough(lines)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child exited without being killed: ${stderr}`));
      else resolve(lines);
    });
  });
}

/** The values of the lines that start with `<tag> `. */
export function tagged(lines: string[], tag: string): string[] {
  return lines.filter((line) => line.startsWith(`${tag} `)).map((line) => line.slice(tag.length + 1));
}
