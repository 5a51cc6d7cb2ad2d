"""The small page behind the ticket's QR: no framework, Chinese first, live over its own stream.

Its words come from the word catalogs: the server renders the page in both languages, and ships the
script the few messages it needs (a counting one in all its plural forms, with each language's plural
rule from its catalog) so that it can say "1 person ahead" or "2 people ahead" as the stream goes.
"""
from __future__ import annotations

import gettext
import html
import json
import re
from functools import lru_cache

from queue_host.words import LANGS, N_, Np_, catalog, templates, zh_en

STATE_TEXT = {
    "waiting": N_("Waiting"), "called": N_("Called: please go to the counter"), "parked": N_("Filling in a form"),
    "missed": N_("Missed: see the lobby manager"), "finished": N_("Finished"), "cancelled": N_("Cancelled"),
    "unserved": N_("Expired"),
}
CALLED_AT = N_("Please go to {counter}")
THANKS = N_("Cancelled. Thank you for letting us know")
AHEAD = Np_("{n} person ahead of you", "{n} people ahead of you")
WAIT = Np_("About {n} minute's wait", "About {n} minutes' wait")
LINE = N_("{ahead}. {wait}")
NOBODY = N_("Nobody ahead of you")  # the kiosk's and the ticket's phrase too
NEXT = N_("You are next")  # the wait for nobody ahead: never "0 people, about 1 minute"
NOTICES = {"connecting": N_("connecting…"), "live": N_("live"), "reconnecting": N_("reconnecting…"),
           "network": N_("network error, try again")}
FIELD = re.compile(r"(\{\w+\})")


def words(state: dict) -> tuple[str, str]:
    """The state line in Chinese and English; a called ticket names its counter."""
    if state["state"] == "called" and state.get("counter_name_zh"):
        return zh_en(CALLED_AT, counter=(state["counter_name_zh"], state["counter_name_en"]))
    if state["state"] == "cancelled" and state.get("cancelled_by_me"):
        return zh_en(THANKS)
    return zh_en(STATE_TEXT[state["state"]]) if state["state"] in STATE_TEXT else ("", "")


def plural_rule(lang: str) -> str:
    """The catalog's plural rule as an expression of n (a C expression, so JavaScript too), checked by gettext."""
    header = catalog(lang).info().get("plural-forms", "nplurals=2; plural=(n != 1);")
    expr = re.search(r"plural\s*=\s*([^;]+)", header).group(1).strip()
    gettext.c2py(expr)  # refuses anything but n, numbers and operators
    return expr


def _forms(lang: str, pair: tuple[str, str]) -> list[str]:
    """Every plural form of a message in one language, in the order its plural rule numbers them."""
    rule = gettext.c2py(plural_rule(lang))
    first = {}  # plural index -> the smallest count that takes it
    for n in range(1000):
        first.setdefault(rule(n), n)
    return [catalog(lang).ngettext(*pair, first[i]) for i in range(max(first) + 1)]


@lru_cache(maxsize=None)
def script_words() -> str:
    """The messages the page's script needs, as JSON: [zh, en] pairs, and plural forms per language."""
    table = {"state": {s: zh_en(m) for s, m in STATE_TEXT.items()}, "called": templates(CALLED_AT),
             "thanks": zh_en(THANKS), "line": templates(LINE), "nobody": zh_en(NOBODY), "next": zh_en(NEXT),
             "ahead": {lang: _forms(lang, AHEAD) for lang in LANGS},
             "wait": {lang: _forms(lang, WAIT) for lang in LANGS},
             **{key: zh_en(m) for key, m in NOTICES.items()}}
    return json.dumps(table, ensure_ascii=False).replace("</", "<\\/")


def fill(template: str, **parts: str) -> str:
    """A message as HTML: its text escaped, each {field} replaced by the HTML given for it."""
    return "".join(parts[p[1:-1]] if FIELD.fullmatch(p) and p[1:-1] in parts else html.escape(p)
                   for p in FIELD.split(template))


def line(lang: str, ahead: int, wait: int) -> str:
    """The waiting line in one language, its numbers in bold (the Chinese ones with the ids the script updates)."""
    cat = catalog(lang)
    if ahead == 0:
        return fill(cat.gettext(LINE), ahead=html.escape(cat.gettext(NOBODY)), wait=html.escape(cat.gettext(NEXT)))

    def number(n: int, name: str) -> str:
        return f'<b id="{name}">{int(n)}</b>' if lang == "zh" else f"<b>{int(n)}</b>"
    return fill(cat.gettext(LINE), ahead=fill(cat.ngettext(*AHEAD, ahead), n=number(ahead, "ahead")),
                wait=fill(cat.ngettext(*WAIT, wait), n=number(wait, "wait")))


STYLE = """body{font-family:sans-serif;text-align:center;margin:0;padding:1em;font-size:20px;color:#1a1a1a;background:#fff}
h1{font-size:72px;margin:.1em 0;letter-spacing:2px}small{color:#555}.state{font-size:28px;margin:.6em 0}
body[data-state=called] .state{background:#0b6b2e;color:#fff;padding:.5em;border-radius:8px}
body[data-state=called] .state small{color:#e8ffe8}
button{font-size:22px;min-height:56px;min-width:44%;margin:.3em;border-radius:10px;border:2px solid #8a1c1c;
background:#fff;color:#8a1c1c}button.yes{background:#8a1c1c;color:#fff}.hidden{display:none}
#live{color:#555;font-size:14px}"""

SCRIPT = r"""(function(){
var base=location.pathname.replace(/\/+$/,''),T=%s,PL={zh:function(n){return +(%s)},en:function(n){return +(%s)}},
 last=document.body.dataset.state,audio=null;
function $(id){return document.getElementById(id)}
function show(id,on){$(id).classList.toggle('hidden',!on)}
function both(w){return w[0]+' / '+w[1]}
function fill(el,tmpl,parts){el.textContent='';tmpl.split(/(\{\w+\})/).forEach(function(p){
 var v=/^\{\w+\}$/.test(p)?parts[p.slice(1,-1)]:undefined;if(v===undefined){v=p}
 el.appendChild(typeof v==='string'||typeof v==='number'?document.createTextNode(v):v)});return el}
function bold(n,id){var b=document.createElement('b');if(id){b.id=id}b.textContent=n;return b}
function count(lang,key,n,id){var f=T[key][lang];return fill(document.createElement('span'),
 f[Math.min(PL[lang](n),f.length-1)],{n:bold(n,id)})}
function line(s){['zh','en'].forEach(function(lang,i){fill($('line-'+lang),T.line[i],s.people_ahead===0?
 {ahead:T.nobody[i],wait:T.next[i]}:{ahead:count(lang,'ahead',s.people_ahead,i?null:'ahead'),
 wait:count(lang,'wait',s.wait_minutes,i?null:'wait')})})}
function words(s){var w=T.state[s.state]||['',''];
 if(s.state==='called'&&s.counter_name_zh){w=[T.called[0].replace('{counter}',function(){return s.counter_name_zh}),
  T.called[1].replace('{counter}',function(){return s.counter_name_en})]}
 if(s.state==='cancelled'&&s.cancelled_by_me){w=T.thanks}return w}
function beep(){try{audio=audio||new (window.AudioContext||window.webkitAudioContext)();
 var o=audio.createOscillator(),g=audio.createGain();o.frequency.value=880;g.gain.value=0.2;o.connect(g);
 g.connect(audio.destination);o.start();o.stop(audio.currentTime+0.4)}catch(e){}}
function alertCalled(){window.fenliuAlerts=(window.fenliuAlerts||0)+1;
 try{if(navigator.vibrate){navigator.vibrate([400,150,400])}}catch(e){}beep()}
function render(s){var w=words(s);document.body.dataset.state=s.state;$('state-zh').textContent=w[0];
 $('state-en').textContent=w[1];line(s);
 show('waiting',s.state==='waiting');var live=['waiting','called','parked','missed'].indexOf(s.state)>=0;
 show('cancel',live);if(!live){show('confirm',false)}
 if(s.state==='called'&&(last!=='called'||s.called_at!==window.fenliuCalledAt)){alertCalled()}
 window.fenliuCalledAt=s.called_at;last=s.state}
var es=null;function follow(){if(!window.EventSource){setTimeout(function(){location.reload()},15000);return}
 es=new EventSource(base+'/events');es.addEventListener('state',function(e){var s=JSON.parse(e.data);render(s);
  $('live').textContent=both(T.live);if(['finished','cancelled','unserved'].indexOf(s.state)>=0){es.close()}});
 es.onerror=function(){$('live').textContent=both(T.reconnecting)}}
document.addEventListener('click',function(){try{audio=audio||new (window.AudioContext||window.webkitAudioContext)();
 audio.resume()}catch(e){}},{once:true});
$('cancel').onclick=function(){show('confirm',true);show('cancel',false)};
$('no').onclick=function(){show('confirm',false);show('cancel',true)};
$('yes').onclick=function(){$('yes').disabled=true;fetch(base+'/cancel',{method:'POST',
 headers:{'Content-Type':'application/json'},body:'{"confirm":true}'}).then(function(r){return r.json().then(
 function(j){if(!r.ok){throw j}render(j)})}).catch(function(j){$('error').textContent=(j&&j.message_zh)?
 j.message_zh+' / '+j.message_en:both(T.network);show('cancel',true)}).then(
 function(){$('yes').disabled=false;show('confirm',false)})};
window.fenliuCalledAt=%s;follow()})();"""


def _two_lines(msgid: str) -> str:
    zh, en = zh_en(msgid)
    return f"{html.escape(zh)}<br><small>{html.escape(en)}</small>"


BUTTONS = {"cancel": _two_lines(N_("I'm not coming")), "sure": _two_lines(N_("Sure? Your number will be cancelled.")),
           "yes": _two_lines(N_("Yes, cancel")), "no": _two_lines(N_("No, keep my place"))}


def render(state: dict, nonce: str) -> str:
    """The page for one ticket's current state (the script then follows its stream)."""
    esc = html.escape
    zh, en = words(state)
    live = state["state"] in ("waiting", "called", "parked", "missed")
    hidden = lambda on: "" if on else " hidden"  # noqa: E731
    script = SCRIPT % (script_words(), plural_rule("zh"), plural_rule("en"), json.dumps(state.get("called_at")))
    connecting = " / ".join(zh_en(NOTICES["connecting"]))
    refresh = " / ".join(zh_en("refreshes every 15 s"))
    line_zh, line_en = (line(lang, state["people_ahead"], state["wait_minutes"]) for lang in LANGS)
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<noscript><meta http-equiv="refresh" content="15"></noscript>
<title>{esc(state['number'])} - {esc(state['branch_zh'])}</title><style>{STYLE}</style></head>
<body data-state="{esc(state['state'])}">
<p>{esc(state['branch_zh'])}<br><small>{esc(state['branch_en'])}</small></p>
<h1 id="number">{esc(state['number'])}</h1>
<p>{esc(state['service_name_zh'])}<br><small>{esc(state['service_name_en'])}</small></p>
<p class="state"><b id="state-zh">{esc(zh)}</b><br><small id="state-en">{esc(en)}</small></p>
<p id="waiting" class="{hidden(state['state'] == 'waiting')}"><span id="line-zh">{line_zh}</span><br>
<small id="line-en">{line_en}</small></p>
<p><button id="cancel" class="{hidden(live)}">{BUTTONS['cancel']}</button></p>
<div id="confirm" class="hidden"><p>{BUTTONS['sure']}</p>
<button id="yes" class="yes">{BUTTONS['yes']}</button>
<button id="no">{BUTTONS['no']}</button></div>
<p id="error" role="alert"></p>
<p id="live">{esc(connecting)}</p>
<noscript><p><small>{esc(refresh)}</small></p></noscript>
<script nonce="{nonce}">{script}</script></body></html>"""
