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
                        error.set(None);
                        if let Err(e) = offer_png(&format!("{file_for_png}.png"), &svg_for_png, error) { error.set(Some(e)); }
                    }>"PNG"</button>
                </span>
            </figcaption>
            <div class="chart" data-testid=testid inner_html=svg></div>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </figure>
    }
}

/// Renders the SVG into a canvas at twice its size and offers the PNG. The rendering
/// finishes after this returns (the image loads first), so a failure then is reported
/// through `error`, as is an image that will not load.
fn offer_png(file_name: &str, svg: &str, error: RwSignal<Option<String>>) -> Result<(), String> {
    let (width, height) = size_of(svg).ok_or_else(|| png_failure("the chart has no size"))?;
    let image = web_sys::HtmlImageElement::new().map_err(|_| png_failure("no image element"))?;
    let url = format!(
        "data:image/svg+xml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(svg))
    );
    let name = file_name.to_string();
    let loaded = image.clone();
    let on_load = Closure::once(move || {
        if let Err(message) = draw_and_offer(&loaded, &name, width, height) {
            error.set(Some(message));
        }
    });
    let on_error = Closure::once(move || {
        error.set(Some(png_failure("the browser could not draw the chart as an image")));
    });
    image.set_onload(Some(on_load.as_ref().unchecked_ref()));
    image.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // Each runs at most once; the other is dropped with the image.
    on_load.forget();
    on_error.forget();
    image.set_src(&url);
    Ok(())
}

fn png_failure(why: &str) -> String {
    format!("Could not make the PNG: {why}. The SVG download still works.")
}

/// Draws the loaded image on a canvas at twice its size and offers the canvas as a PNG.
fn draw_and_offer(image: &web_sys::HtmlImageElement, name: &str, width: u32, height: u32) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| png_failure("no document"))?;
    let canvas: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .ok()
        .and_then(|c| c.dyn_into().ok())
        .ok_or_else(|| png_failure("no canvas"))?;
    canvas.set_width(width * 2);
    canvas.set_height(height * 2);
    let context = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        .ok_or_else(|| png_failure("no 2D canvas"))?;
    context
        .scale(2.0, 2.0)
        .map_err(|_| png_failure("the canvas would not scale"))?;
    context
        .draw_image_with_html_image_element(image, 0.0, 0.0)
        .map_err(|_| png_failure("the chart could not be drawn on the canvas"))?;
    let data = canvas
        .to_data_url_with_type("image/png")
        .map_err(|_| png_failure("the canvas would not give a PNG"))?;
    let anchor = document
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        .ok_or_else(|| png_failure("no link element"))?;
    anchor.set_href(&data);
    anchor.set_download(name);
    anchor.click();
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
