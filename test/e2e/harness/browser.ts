import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { Browser, chromium, Page } from 'playwright-core';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureChromium } = require('../find-chromium');

/** What a `fetch()` in the page came back with. */
export interface FetchResult {
  /** false when fetch() rejected: for a cross-origin request, the browser blocked it on CORS. */
  readonly ok: boolean;
  readonly status?: number;
  /** Response headers JavaScript can read (safelisted plus exposed). */
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly error?: string;
}

export interface FetchOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly credentials?: 'omit' | 'same-origin' | 'include';
  readonly cache?: 'default' | 'no-store' | 'reload' | 'no-cache';
}

/** A page server: the same blank page on 127.0.0.1:<port> (and localhost:<port>). */
export async function startPageServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>cdk-s3-cors e2e</title>');
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.closeAllConnections?.();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}

/** Headless Chromium with a throw-away profile and home, quiet on a closed network. */
export class TestBrowser {
  public static async launch(): Promise<TestBrowser> {
    const executablePath: string = ensureChromium({ install: false });
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-chromium-'));
    const browser = await chromium.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache'), TMPDIR: home },
    });
    return new TestBrowser(browser, home);
  }

  private readonly pages = new Map<string, Page>();

  private constructor(private readonly browser: Browser, private readonly home: string) {}

  /** A page loaded from `origin` (one reused page per origin). */
  public async page(origin: string): Promise<Page> {
    let page = this.pages.get(origin);
    if (!page) {
      const context = await this.browser.newContext();
      page = await context.newPage();
      await page.goto(`${origin}/`);
      this.pages.set(origin, page);
    }
    return page;
  }

  /** A fresh page (new context: empty preflight and HTTP caches) loaded from `origin`. */
  public async freshPage(origin: string): Promise<Page> {
    const old = this.pages.get(origin);
    if (old) {
      await old.context().close();
      this.pages.delete(origin);
    }
    return this.page(origin);
  }

  /** Runs fetch() in a page of `origin`. */
  public async fetch(origin: string, url: string, init: FetchOptions = {}): Promise<FetchResult> {
    const page = await this.page(origin);
    return page.evaluate(async ({ u, i }) => {
      try {
        const r = await fetch(u, { mode: 'cors', cache: 'no-store', ...i } as RequestInit);
        const headers: Record<string, string> = {};
        r.headers.forEach((v, k) => { headers[k] = v; });
        return { ok: true, status: r.status, headers, body: await r.text() };
      } catch (e) {
        return { ok: false, headers: {}, error: String(e) };
      }
    }, { u: url, i: init });
  }

  public async close(): Promise<void> {
    await this.browser.close();
    fs.rmSync(this.home, { recursive: true, force: true });
  }
}
