"""The ticket's phone page in a real headless Chromium at a phone's size, against the real host."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
import requests

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
ASSETS = Path(__file__).resolve().parent.parent / "assets"
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER),
                                reason="Debian's chromium and chromium-driver are not installed (scripts/setup.sh)")


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where screenshots go: $FENLIU_SCREENSHOTS (docs/screens when scripts/screens.sh refreshes them), else a temp dir."""
    folder = Path(os.environ.get("FENLIU_SCREENSHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def browser():
    """Headless Chromium at 390x844 with a fresh profile, driven by chromedriver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    profile = tempfile.mkdtemp(prefix="fenliu-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 f"--user-data-dir={profile}", "--window-size=390,844", "--lang=zh-CN"):
        opts.add_argument(flag)
    # The page names no font: a phone uses its own. A test machine may have no Chinese font at all, so
    # Chromium is also given the branch's shipped one (assets/fonts), and the screenshots read as on a phone.
    fonts = Path(profile) / "fonts.conf"
    fonts.write_text(f"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>
<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{ASSETS / "fonts"}</dir>
<cachedir>{profile}/fontcache</cachedir></fontconfig>""", encoding="utf-8")
    service = Service(DRIVER, env={**os.environ, "FONTCONFIG_FILE": str(fonts)})
    driver = webdriver.Chrome(service=service, options=opts)
    driver.set_window_size(390, 844)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def until(driver, check, what: str, polls: int = 100):
    """Poll the page (a bounded number of times, 0.1 s apart) until `check` holds."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(driver, polls * 0.1, poll_frequency=0.1, ignored_exceptions=(StaleElementReferenceException,)
                  ).until(lambda d: check(d), message=what)


def text(driver, element_id: str) -> str:
    """An element's text; found again if the page's script replaced it between the find and the read."""
    from selenium.common.exceptions import StaleElementReferenceException
    for _ in range(20):
        try:
            return driver.find_element("id", element_id).text
        except StaleElementReferenceException:
            continue
    return driver.find_element("id", element_id).text


def visit(host):
    return requests.post(host.url + "/api/visits", json={"purpose": "cash", "amount_cny": 30000},
                         headers=host.headers("kiosk"), timeout=5).json()["ticket"]


def test_the_phone_page_loads_updates_live_when_called_and_the_cancel_works(host, browser, shots):
    first, second, mine = visit(host), visit(host), visit(host)
    browser.get(f"{host.url}/t/{mine['code']}")
    assert text(browser, "number") == "A003" and text(browser, "ahead") == "2"
    assert text(browser, "line-en").startswith("2 people ahead of you.")
    until(browser, lambda d: "实时" in text(d, "live"), "the page opened its live stream")
    browser.save_screenshot(str(shots / "phone-waiting.png"))

    requests.post(host.url + "/api/counters/1/call-next", headers=host.headers("counter-1"), timeout=5)
    until(browser, lambda d: text(d, "ahead") == "1", "people ahead went from 2 to 1 without a reload")
    assert text(browser, "line-zh").startswith("前面还有 1 人，预计等候约")
    assert text(browser, "line-en").startswith("1 person ahead of you. About")  # the English plural, in the script

    requests.post(host.url + "/api/counters/2/call-next", headers=host.headers("counter-2"), timeout=5)
    until(browser, lambda d: text(d, "line-zh") == "前面没有人等候，马上就到您", "nobody ahead, said as the kiosk says it")
    assert text(browser, "line-en") == "Nobody ahead of you. You are next"  # no "0 people, about 1 minute"
    requests.post(host.url + "/api/counters/3/call-next", headers=host.headers("counter-3"), timeout=5)  # not cash
    requests.post(host.url + "/api/counters/1/call-next", headers=host.headers("counter-1"), timeout=5)
    until(browser, lambda d: d.find_element("tag name", "body").get_attribute("data-state") == "called",
          "the page shows the call")
    assert text(browser, "state-zh") == "请到 1号窗口 办理"
    assert browser.execute_script("return window.fenliuAlerts") == 1  # vibrated and beeped once
    browser.save_screenshot(str(shots / "phone-called.png"))


def test_im_not_coming_asks_first_then_the_ticket_leaves_its_queue(shots, host, browser):
    ahead, mine = visit(host), visit(host)
    browser.get(f"{host.url}/t/{mine['code']}")
    until(browser, lambda d: "实时" in text(d, "live"), "the page opened its live stream")
    browser.find_element("id", "cancel").click()
    assert browser.find_element("id", "confirm").is_displayed()
    browser.find_element("id", "no").click()
    assert not browser.find_element("id", "confirm").is_displayed()
    browser.find_element("id", "cancel").click()
    browser.save_screenshot(str(shots / "phone-confirm.png"))
    browser.find_element("id", "yes").click()
    until(browser, lambda d: d.find_element("tag name", "body").get_attribute("data-state") == "cancelled",
          "the page shows the ticket cancelled")
    assert "感谢告知" in text(browser, "state-zh") and not browser.find_element("id", "cancel").is_displayed()
    snap = requests.get(host.url + "/api/queues", headers=host.headers("display"), timeout=5).json()
    cash = next(s for s in snap["services"] if s["code"] == "cash")
    assert [t["number"] for t in cash["tickets"]] == [ahead["number"]]
    stats = requests.get(host.url + "/api/stats", headers=host.headers("manager"), timeout=5).json()
    assert stats["empty_calls_saved"] == 1


# Every visible text element: its colour against the first opaque background behind it (alpha blended),
# as WCAG 2 computes contrast. Returns [text, ratio] for each, read from what Chromium actually drew.
CONTRAST = r"""
function rgba(c){var m=c.match(/[\d.]+/g).map(Number);return [m[0],m[1],m[2],m.length>3?m[3]:1]}
function over(top,under){var a=top[3];return [0,1,2].map(function(i){return top[i]*a+under[i]*(1-a)}).concat([1])}
function lum(c){return [0,1,2].map(function(i){var v=c[i]/255;return v<=0.03928?v/12.92:Math.pow((v+0.055)/1.055,2.4)})
 .reduce(function(s,v,i){return s+v*[0.2126,0.7152,0.0722][i]},0)}
function background(el){var layers=[];for(var e=el;e;e=e.parentElement){var b=rgba(getComputedStyle(e).backgroundColor);
 if(b[3]>0){layers.push(b)}if(b[3]>=1){break}}var c=[255,255,255,1];
 for(var i=layers.length-1;i>=0;i--){c=over(layers[i],c)}return c}
var out=[];document.querySelectorAll('body *').forEach(function(el){
 var own=Array.prototype.some.call(el.childNodes,function(n){return n.nodeType===3&&n.textContent.trim()});
 if(!own||!el.getClientRects().length||getComputedStyle(el).visibility==='hidden'){return}
 var bg=background(el),fg=over(rgba(getComputedStyle(el).color),bg),a=lum(fg),b=lum(bg);
 out.push([el.textContent.trim().slice(0,40),(Math.max(a,b)+0.05)/(Math.min(a,b)+0.05)])});
return out;"""


def contrasts(driver) -> list[tuple[str, float]]:
    """(text, contrast ratio) for every visible text on the page, as Chromium drew it."""
    return [(t, round(r, 2)) for t, r in driver.execute_script(CONTRAST)]


def test_every_text_on_the_phone_page_has_at_least_aa_contrast_in_each_state(host, browser):
    mine = visit(host)
    browser.get(f"{host.url}/t/{mine['code']}")
    until(browser, lambda d: "实时" in text(d, "live"), "the page opened its live stream")
    browser.find_element("id", "cancel").click()  # the confirm dialog: "Yes, cancel" on dark red
    seen = contrasts(browser)
    assert any(t == "Yes, cancel" for t, _ in seen) and len(seen) >= 10
    assert [(t, r) for t, r in seen if r < 4.5] == []
    requests.post(host.url + "/api/counters/1/call-next", headers=host.headers("counter-1"), timeout=5)
    until(browser, lambda d: d.find_element("tag name", "body").get_attribute("data-state") == "called",
          "the page shows the call")
    called = contrasts(browser)
    assert any("1号窗口" in t for t, _ in called)
    assert [(t, r) for t, r in called if r < 4.5] == []
