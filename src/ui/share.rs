//! Share links: the whole register, compressed (the browser's own deflate) and written
//! in base64url into the URL's fragment, `#/share/…`, which browsers never send to a
//! server. Opening such a link shows the import preview (`views::import`); nothing is
//! changed until the user imports.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// The route a share link opens.
pub const ROUTE: &str = "#/share/";

/// Above this many characters, chat and e-mail tools often cut or refuse a link.
pub const LONG: usize = 2_000;

#[wasm_bindgen(inline_js = r#"
export async function deflate_base64url(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
export async function inflate_base64url(data, limit) {
  const base64 = data.replace(/-/g, '+').replace(/_/g, '/');
  let binary;
  try { binary = atob(base64 + '='.repeat((4 - base64.length % 4) % 4)); }
  catch (_) { throw new Error('it is not base64url text (was it cut or changed?)'); }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const parts = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      // A small link could unpack to gigabytes: stop at the import limit.
      if (size > limit) { await reader.cancel(); throw new Error(`it unpacks to more than ${limit} bytes, the import limit`); }
      parts.push(value);
    }
  } catch (e) {
    throw new Error(e.message.startsWith('it unpacks') ? e.message : 'its compressed data is damaged (was it cut or changed?)');
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(await new Blob(parts).arrayBuffer());
}
export async function copy_text(text) {
  await navigator.clipboard.writeText(text);
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn deflate_base64url(text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn inflate_base64url(data: &str, limit: f64) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn copy_text(text: &str) -> Result<JsValue, JsValue>;
}

fn message(error: JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| format!("{error:?}"))
}

/// The share link of a register's exchange text, at this page's address.
pub async fn link(text: String) -> Result<String, String> {
    let data = deflate_base64url(&text).await.map_err(message)?;
    let data = data.as_string().unwrap_or_default();
    let page = window().location().href().unwrap_or_default();
    let base = page.split('#').next().unwrap_or_default().to_string();
    Ok(format!("{base}{ROUTE}{data}"))
}

/// The register text a link's data carries, or why it cannot be read.
pub async fn read(data: String) -> Result<String, String> {
    let limit = residual_engine::io::import::MAX_BYTES as f64;
    let text = inflate_base64url(&data, limit).await.map_err(message)?;
    Ok(text.as_string().unwrap_or_default())
}

/// Copies `text` to the clipboard.
pub async fn copy(text: String) -> Result<(), String> {
    copy_text(&text).await.map(|_| ()).map_err(message)
}

/// A share link's data waiting for the import panel: set when the page is opened at, or
/// moved to, a share link.
#[derive(Clone, Copy)]
pub struct Incoming(pub RwSignal<Option<String>>);

/// The data of a share-link fragment, if `fragment` is one.
pub fn data_of(fragment: &str) -> Option<String> {
    fragment.strip_prefix(ROUTE).map(str::to_string)
}
