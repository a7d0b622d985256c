//! A chart with its caption and two downloads: the SVG as drawn, and a PNG rendered
//! from it by the browser at twice the size (for slides).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::charts::PlotArea;
use super::download;

/// A value readout for a loss chart: where its plot lies, and what to say of a loss.
#[derive(Clone)]
pub struct Readout {
    pub area: PlotArea,
    pub read: Callback<f64, String>,
}

/// A chart with its caption, its downloads and, for a loss chart, a readout: moving the
/// pointer over the plot, or the arrow keys once the chart has the focus, moves a
/// cursor, and the figures at the cursor are written below the chart (never over it)
/// and announced.
#[component]
pub fn ChartFrame(
    caption: String,
    file: String,
    svg: String,
    testid: &'static str,
    #[prop(optional_no_strip)] readout: Option<Readout>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    // The cursor, as a fraction of the plot's width.
    let cursor = RwSignal::new(None::<f64>);
    let area = readout.as_ref().map(|r| r.area);
    let to_fraction = move |ev: &leptos::ev::PointerEvent| -> Option<f64> {
        let area = area?;
        let target = ev.current_target()?.dyn_into::<web_sys::Element>().ok()?;
        let rect = target.get_bounding_client_rect();
        let x = (f64::from(ev.client_x()) - rect.left()) * area.size.0 / rect.width().max(1.0);
        ((area.left..=area.right).contains(&x)).then(|| (x - area.left) / (area.right - area.left))
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let step = if ev.shift_key() { 0.1 } else { 0.02 };
        let now = cursor.get_untracked().unwrap_or(0.5);
        let next = match ev.key().as_str() {
            "ArrowRight" => now + step,
            "ArrowLeft" => now - step,
            "Home" => 0.0,
            "End" => 1.0,
            "Escape" => {
                cursor.set(None);
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        cursor.set(Some(next.clamp(0.0, 1.0)));
    };
    let read = readout.as_ref().map(|r| r.read);
    // The cursor line, with the readout beside it at the top of the plot (where the eye
    // is), on the side with more room.
    let line = move || {
        let (area, f, read) = (area?, cursor.get()?, read?);
        let left = (area.left + f * (area.right - area.left)) / area.size.0 * 100.0;
        let top = area.top / area.size.1 * 100.0;
        let height = (area.bottom - area.top) / area.size.1 * 100.0;
        let side = if f < 0.55 { "right" } else { "left" };
        Some(view! {
            <div class="chart-cursor" style=format!("left:{left:.2}%;top:{top:.2}%;height:{height:.2}%")></div>
            <div
                class=format!("chart-cursor-label {side}")
                aria-hidden="true"
                style=format!("left:{left:.2}%;top:{top:.2}%")
            >
                {read.run(area.loss_at(f))}
            </div>
        })
    };
    let text = readout.clone().map(|r| {
        move || match (cursor.get(), area) {
            (Some(f), Some(area)) => r.read.run(area.loss_at(f)),
            _ => "Point at the chart, or focus it and use the arrow keys, to read its values.".to_string(),
        }
    });
    let has_readout = readout.is_some();
    let (svg_for_png, file_for_png) = (svg.clone(), file.clone());
    let svg_text = svg.clone();
    let file_svg = format!("{file}.svg");
    view! {
        <figure class="chart-frame">
            <figcaption>
                <span>{caption}</span>
                <span class="chart-downloads">
                    <button
                        type="button"
                        class="secondary small"
                        data-testid=format!("{testid}-svg")
                        on:click=move |_| {
                            if let Err(e) = download::offer(&file_svg, "image/svg+xml", &svg_text) {
                                error.set(Some(e));
                            }
                        }
                    >
                        "SVG"
                    </button>
                    <button
                        type="button"
                        class="secondary small"
                        data-testid=format!("{testid}-png")
                        on:click=move |_| {
                            error.set(None);
                            if let Err(e) = offer_png(&format!("{file_for_png}.png"), &svg_for_png, error) {
                                error.set(Some(e));
                            }
                        }
                    >
                        "PNG"
                    </button>
                </span>
            </figcaption>
            <div class="chart-area">
                <div
                    class="chart"
                    data-testid=testid
                    inner_html=svg
                    tabindex=has_readout.then_some("0")
                    aria-label=has_readout.then_some("Chart with a value readout: use the arrow keys")
                    on:pointermove=move |ev| {
                        if let Some(f) = to_fraction(&ev) {
                            cursor.set(Some(f));
                        }
                    }
                    on:keydown=on_key
                ></div>
                {line}
            </div>
            {text
                .map(|t| {
                    view! {
                        <p class="chart-readout" aria-live="polite" data-testid=format!("{testid}-readout")>
                            {t}
                        </p>
                    }
                })}
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="field-error" role="alert">
                                {e}
                            </p>
                        }
                    })
            }}
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
