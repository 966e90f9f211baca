/// <reference lib="dom" />
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

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

  /** Runs fetch() in a page of `origin`, by default with `cache: 'no-store'` (one request, one answer). */
  public async fetch(origin: string, url: string, init: FetchOptions = {}): Promise<FetchResult> {
    return fetchCached(await this.page(origin), url, { cache: 'no-store', ...init });
  }

  /** A context of its own: an empty HTTP cache, on as users have it, shared by the pages it opens. */
  public async session(): Promise<CachedSession> {
    return new CachedSession(await this.browser.newContext());
  }

  public async close(): Promise<void> {
    await this.browser.close();
    fs.rmSync(this.home, { recursive: true, force: true });
  }
}

/** Pages of several origins in one browser context, so they share its HTTP cache. */
export class CachedSession {
  private readonly pages = new Map<string, Page>();

  constructor(private readonly context: BrowserContext) {}

  public async page(origin: string): Promise<Page> {
    let page = this.pages.get(origin);
    if (!page) {
      page = await this.context.newPage();
      await page.goto(`${origin}/`);
      this.pages.set(origin, page);
    }
    return page;
  }

  public async close(): Promise<void> {
    await this.context.close();
  }
}

/** What a page loads without script: `<img>`, `<script>` or `<link rel=stylesheet>`, with or without `crossorigin`. */
export type ElementKind = 'img' | 'script' | 'stylesheet';

/** Adds the element to the page and waits for its load or error event. */
export function loadElement(page: Page, kind: ElementKind, url: string, crossOrigin?: 'anonymous' | 'use-credentials'): Promise<'load' | 'error'> {
  return page.evaluate(({ k, u, c }) => new Promise<'load' | 'error'>(resolve => {
    const el = k === 'img' ? document.createElement('img') : k === 'script' ? document.createElement('script') : document.createElement('link');
    if (c) el.setAttribute('crossorigin', c);
    el.addEventListener('load', () => resolve('load'));
    el.addEventListener('error', () => resolve('error'));
    if (el instanceof HTMLLinkElement) {
      el.rel = 'stylesheet';
      el.href = u;
    } else {
      el.src = u;
    }
    document.body.appendChild(el);
  }), { k: kind, u: url, c: crossOrigin });
}

/** fetch() as page code calls it: the default cache mode unless `init.cache` says otherwise. */
export function fetchCached(page: Page, url: string, init: FetchOptions = {}): Promise<FetchResult> {
  return page.evaluate(async ({ u, i }) => {
    try {
      const r = await fetch(u, { mode: 'cors', ...i } as RequestInit);
      const headers: Record<string, string> = {};
      r.headers.forEach((v, k) => { headers[k] = v; });
      return { ok: true, status: r.status, headers, body: await r.text() };
    } catch (e) {
      return { ok: false, headers: {}, error: String(e) };
    }
  }, { u: url, i: init });
}

/** Loads `<img crossorigin>` and reads a pixel back from a canvas: what a page does to edit or export an image. */
export function drawCrossOriginImage(page: Page, url: string): Promise<{ loaded: boolean; readable: boolean; error?: string }> {
  return page.evaluate(u => new Promise(resolve => {
    const img = document.createElement('img');
    img.crossOrigin = 'anonymous';
    img.onerror = () => resolve({ loaded: false, readable: false });
    img.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = 1;
      canvas.height = 1;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      try {
        ctx.getImageData(0, 0, 1, 1);
        resolve({ loaded: true, readable: true });
      } catch (e) {
        resolve({ loaded: true, readable: false, error: String(e) });
      }
    };
    img.src = u;
  }), url);
}
