(function(){
var base=location.pathname.replace(/\/+$/,''),T={{ words }},PL={zh:function(n){return +({{ plural_zh }})},en:function(n){return +({{ plural_en }})}},
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
window.fenliuCalledAt={{ called_at }};follow()})();