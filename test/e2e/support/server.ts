/**
 * Browser mode as a user starts it: `latent-lab serve` in a child process with its own data
 * directory, the page URL (token included) read from the line it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';

export interface ServedLab {
  /** `http://127.0.0.1:PORT/?token=…` */
  url: string;
  /** Everything the server wrote so far (for failure messages). */
  log(): string;
  /** SIGTERM, then SIGKILL if it has not exited within 10 s. */
  stop(): Promise<void>;
}

const URL_LINE = /\(browser mode\) is at (http:\/\/\S+\?token=\S+)/;

/** Start `latent-lab serve` with LATENT_LAB_HOME=`home`; resolves once it printed its URL. */
export function startServer(home: string, timeoutMs = 60_000): Promise<ServedLab> {
  const env: NodeJS.ProcessEnv = { ...process.env, LATENT_LAB_HOME: home };
  delete env.LATENT_LAB_PORT; // a free port chosen by the system
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/latent-lab.js'), 'serve'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return new Promise<ServedLab>((resolve, reject) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`latent-lab serve ${why}. Its output:\n${output}`));
    };
    const timer = setTimeout(() => fail(`printed no URL within ${timeoutMs / 1000} s`), timeoutMs);
    child.once('exit', (code, signal) => fail(`exited (${code ?? signal}) before printing its URL`));
    const poll = setInterval(() => {
      const match = URL_LINE.exec(output);
      if (!match) return;
      settled = true;
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ url: match[1]!, log: () => output, stop: () => stop(child, exited) });
    }, 50);
  });
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
