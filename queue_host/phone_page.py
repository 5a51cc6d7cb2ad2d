"""The small page behind the ticket's QR: no framework, Chinese first, live over its own stream."""
from __future__ import annotations

import html
import json

STATE_TEXT = {
    "waiting": ("等候中", "Waiting"), "called": ("请到窗口办理", "Called: please go to the counter"),
    "parked": ("填单中", "Filling in a form"), "missed": ("已过号，请联系大堂经理", "Missed: see the lobby manager"),
    "finished": ("已办结", "Done"), "cancelled": ("已取消", "Cancelled"), "unserved": ("已失效", "Expired"),
}


def words(state: dict) -> tuple[str, str]:
    """The state line in Chinese and English; a called ticket names its counter."""
    zh, en = STATE_TEXT.get(state["state"], ("", ""))
    if state["state"] == "called" and state.get("counter_name_zh"):
        zh, en = f"请到 {state['counter_name_zh']} 办理", f"Please go to {state['counter_name_en']}"
    if state["state"] == "cancelled" and state.get("cancelled_by_me"):
        zh, en = "已取消，感谢告知", "Cancelled. Thank you for letting us know"
    return zh, en


STYLE = """body{font-family:sans-serif;text-align:center;margin:0;padding:1em;font-size:20px;color:#1a1a1a;background:#fff}
h1{font-size:72px;margin:.1em 0;letter-spacing:2px}small{color:#555}.state{font-size:28px;margin:.6em 0}
body[data-state=called] .state{background:#0b6b2e;color:#fff;padding:.5em;border-radius:8px}
body[data-state=called] .state small{color:#e8ffe8}
button{font-size:22px;min-height:56px;min-width:44%;margin:.3em;border-radius:10px;border:2px solid #8a1c1c;
background:#fff;color:#8a1c1c}button.yes{background:#8a1c1c;color:#fff}.hidden{display:none}
#live{color:#555;font-size:14px}"""

SCRIPT = r"""(function(){
var base=location.pathname.replace(/\/+$/,''),T=%s,last=document.body.dataset.state,audio=null;
function $(id){return document.getElementById(id)}
function show(id,on){$(id).classList.toggle('hidden',!on)}
function words(s){var w=T[s.state]||['',''];
 if(s.state==='called'&&s.counter_name_zh){w=['请到 '+s.counter_name_zh+' 办理','Please go to '+s.counter_name_en]}
 if(s.state==='cancelled'&&s.cancelled_by_me){w=['已取消，感谢告知','Cancelled. Thank you for letting us know']}return w}
function beep(){try{audio=audio||new (window.AudioContext||window.webkitAudioContext)();
 var o=audio.createOscillator(),g=audio.createGain();o.frequency.value=880;g.gain.value=0.2;o.connect(g);
 g.connect(audio.destination);o.start();o.stop(audio.currentTime+0.4)}catch(e){}}
function alertCalled(){window.fenliuAlerts=(window.fenliuAlerts||0)+1;
 try{if(navigator.vibrate){navigator.vibrate([400,150,400])}}catch(e){}beep()}
function render(s){var w=words(s);document.body.dataset.state=s.state;$('state-zh').textContent=w[0];
 $('state-en').textContent=w[1];$('ahead').textContent=s.people_ahead;$('wait').textContent=s.wait_minutes;
 show('waiting',s.state==='waiting');var live=['waiting','called','parked','missed'].indexOf(s.state)>=0;
 show('cancel',live);if(!live){show('confirm',false)}
 if(s.state==='called'&&(last!=='called'||s.called_at!==window.fenliuCalledAt)){alertCalled()}
 window.fenliuCalledAt=s.called_at;last=s.state}
var es=null;function follow(){if(!window.EventSource){setTimeout(function(){location.reload()},15000);return}
 es=new EventSource(base+'/events');es.addEventListener('state',function(e){var s=JSON.parse(e.data);render(s);
  $('live').textContent='实时更新中 / live';if(['finished','cancelled','unserved'].indexOf(s.state)>=0){es.close()}});
 es.onerror=function(){$('live').textContent='连接中断，正在重连… / reconnecting…'}}
document.addEventListener('click',function(){try{audio=audio||new (window.AudioContext||window.webkitAudioContext)();
 audio.resume()}catch(e){}},{once:true});
$('cancel').onclick=function(){show('confirm',true);show('cancel',false)};
$('no').onclick=function(){show('confirm',false);show('cancel',true)};
$('yes').onclick=function(){$('yes').disabled=true;fetch(base+'/cancel',{method:'POST',
 headers:{'Content-Type':'application/json'},body:'{"confirm":true}'}).then(function(r){return r.json().then(
 function(j){if(!r.ok){throw j}render(j)})}).catch(function(j){$('error').textContent=(j&&j.message_zh)?
 j.message_zh+' / '+j.message_en:'网络错误，请重试 / network error, try again';show('cancel',true)}).then(
 function(){$('yes').disabled=false;show('confirm',false)})};
window.fenliuCalledAt=%s;follow()})();"""


def render(state: dict, nonce: str) -> str:
    """The page for one ticket's current state (the script then follows its stream)."""
    esc = html.escape
    zh, en = words(state)
    live = state["state"] in ("waiting", "called", "parked", "missed")
    hidden = lambda on: "" if on else " hidden"  # noqa: E731
    script = SCRIPT % (json.dumps(STATE_TEXT, ensure_ascii=False), json.dumps(state.get("called_at")))
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<noscript><meta http-equiv="refresh" content="15"></noscript>
<title>{esc(state['number'])} - {esc(state['branch_zh'])}</title><style>{STYLE}</style></head>
<body data-state="{esc(state['state'])}">
<p>{esc(state['branch_zh'])}<br><small>{esc(state['branch_en'])}</small></p>
<h1 id="number">{esc(state['number'])}</h1>
<p>{esc(state['service_name_zh'])}<br><small>{esc(state['service_name_en'])}</small></p>
<p class="state"><b id="state-zh">{esc(zh)}</b><br><small id="state-en">{esc(en)}</small></p>
<p id="waiting" class="{hidden(state['state'] == 'waiting')}">前面还有 <b id="ahead">{state['people_ahead']}</b> 人，预计等候约
<b id="wait">{state['wait_minutes']}</b> 分钟<br><small>people ahead of you / estimated minutes</small></p>
<p><button id="cancel" class="{hidden(live)}">我不办了<br><small>I'm not coming</small></button></p>
<div id="confirm" class="hidden"><p>确定不办了吗？您的号码将作废。<br><small>Sure? Your number will be cancelled.</small></p>
<button id="yes" class="yes">确定取消<br><small>Yes, cancel</small></button>
<button id="no">继续排队<br><small>No, keep my place</small></button></div>
<p id="error" role="alert"></p>
<p id="live">连接中… / connecting…</p>
<noscript><p><small>本页每15秒自动刷新 / refreshes every 15 s</small></p></noscript>
<script nonce="{nonce}">{script}</script></body></html>"""
