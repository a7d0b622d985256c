//! A chart with its caption and two downloads: the SVG as drawn, and a PNG rendered
//! from it by the browser at twice the size (for slides).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::download;

#[component]
pub fn ChartFrame(caption: String, file: String, svg: String, testid: &'static str) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let (svg_for_png, file_for_png) = (svg.clone(), file.clone());
    let svg_text = svg.clone();
    let file_svg = format!("{file}.svg");
    view! {
        <figure class="chart-frame">
            <figcaption>
                <span>{caption}</span>
                <span class="chart-downloads">
                    <button type="button" class="secondary small" data-testid=format!("{testid}-svg") on:click=move |_| {
                        if let Err(e) = download::offer(&file_svg, "image/svg+xml", &svg_text) { error.set(Some(e)); }
                    }>"SVG"</button>
                    <button type="button" class="secondary small" data-testid=format!("{testid}-png") on:click=move |_| {
                        if let Err(e) = offer_png(&format!("{file_for_png}.png"), &svg_for_png) { error.set(Some(e)); }
                    }>"PNG"</button>
                </span>
            </figcaption>
            <div class="chart" data-testid=testid inner_html=svg></div>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </figure>
    }
}

/// Renders the SVG into a canvas at twice its size and offers the PNG.
fn offer_png(file_name: &str, svg: &str) -> Result<(), String> {
    let fail = |what: &str| format!("could not make the PNG ({what})");
    let (width, height) = size_of(svg).ok_or_else(|| fail("size"))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| fail("document"))?;
    let image = web_sys::HtmlImageElement::new().map_err(|_| fail("image"))?;
    let url = format!(
        "data:image/svg+xml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(svg))
    );
    let name = file_name.to_string();
    let loaded = image.clone();
    let on_load = Closure::once(move || {
        let canvas: web_sys::HtmlCanvasElement =
            match document.create_element("canvas").ok().and_then(|c| c.dyn_into().ok()) {
                Some(c) => c,
                None => return,
            };
        canvas.set_width(width * 2);
        canvas.set_height(height * 2);
        if let Some(context) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        {
            let _ = context.scale(2.0, 2.0);
            let _ = context.draw_image_with_html_image_element(&loaded, 0.0, 0.0);
            if let Ok(data) = canvas.to_data_url_with_type("image/png") {
                if let Some(anchor) = document
                    .create_element("a")
                    .ok()
                    .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
                {
                    anchor.set_href(&data);
                    anchor.set_download(&name);
                    anchor.click();
                }
            }
        }
    });
    image.set_onload(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();
    image.set_src(&url);
    Ok(())
}

/// The `width` and `height` attributes of the SVG's root element.
fn size_of(svg: &str) -> Option<(u32, u32)> {
    let head = &svg[..svg.find('>')?];
    let attribute = |name: &str| -> Option<u32> {
        let at = head.find(&format!("{name}=\""))? + name.len() + 2;
        head[at..].split('"').next()?.trim_end_matches("px").parse().ok()
    };
    Some((attribute("width")?, attribute("height")?))
}
