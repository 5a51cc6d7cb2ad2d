"""Every fixed word the kiosk shows or says, Chinese and English, and how a pair is ordered by language."""
from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "greeting": ("您好，请问您需要办理什么业务？", "Hello! What can we do for you today?"),
    "elderly_on": ("长辈模式", "Senior mode"),
    "elderly_off": ("标准模式", "Standard mode"),
    "voice_on": ("语音播报：开", "Voice: on"),
    "voice_off": ("语音播报：关", "Voice: off"),
    "card_hint": ("贵宾客户请先刷卡", "VIP? Swipe your card first"),
    "card_read": ("已读卡 {masked}", "Card read {masked}"),
    "prev_page": ("上一页", "Previous"),
    "next_page": ("下一页", "Next"),
    "page": ("第 {page} / {pages} 页", "Page {page} of {pages}"),
    "amount_q": ("请问您办理的金额是多少？", "How much money is it?"),
    "under": ("{limit}以下", "Under {limit_en} CNY"),
    "over": ("{limit}及以上", "{limit_en} CNY or more"),
    "back": ("返回", "Back"),
    "home": ("返回首页", "Start again"),
    "done": ("完成", "Done"),
    "diverted": ("这项业务在自助设备上办理更快", "This is faster at a self-service machine"),
    "where": ("位置：{location}", "Where: {location}"),
    "scan": ("扫码办理", "Scan to start"),
    "print_slip": ("打印指引", "Print these steps"),
    "slip_printing": ("正在打印指引…", "Printing the steps…"),
    "slip_printed": ("指引已打印，请取走", "Steps printed: please take the slip"),
    "insist": ("我仍需柜台办理", "I still need a counter"),
    "reason_q": ("请问需要柜台办理的原因是？", "Why do you need a counter?"),
    "your_number": ("您的号码", "Your number"),
    "existing": ("您已取过号，号码不变", "You already have a number; it stays the same"),
    "reinstated": ("已为您重新排队", "You are back in the queue"),
    "ahead": ("前面还有 {n} 人", "{n} people ahead of you"),
    "ahead_none": ("前面没有人，请留意叫号", "Nobody ahead: listen for your number"),
    "wait": ("预计等候约 {m} 分钟", "About {m} minutes' wait"),
    "form": ("请在{desk}参照 {no} 号模版填写《{name}》", "At the {desk}, copy sample {no}: {name}"),
    "documents": ("请准备：{docs}", "Please have ready: {docs}"),
    "qr_hint": ("扫码查看排队进度", "Scan to follow your place"),
    "printing": ("正在打印号票…", "Printing your ticket…"),
    "printed": ("请取走号票", "Please take your ticket"),
    "print_fault_wait": ("号票未能打印，号码依然有效，请记下号码或扫码；正在通知工作人员",
                         "The ticket could not print. Your number is still valid: note it or scan the code. "
                         "Telling the staff…"),
    "print_fault_unsent": ("号票未能打印，号码依然有效，请记下号码或扫码，并告知大堂经理",
                           "The ticket could not print. Your number is still valid: note it or scan the code, "
                           "and please tell the lobby manager."),
    "print_fault": ("号票未能打印，号码依然有效，请记下号码或扫码；已通知工作人员",
                    "The ticket could not print. Your number is still valid: note it or scan the code. "
                    "Staff have been told."),
    "lobby_manager": ("请在此稍候，大堂经理马上来为您办理", "Please wait here: the lobby manager is coming to you"),
    "customer_manager": ("请到理财区稍候，客户经理会按号码为您服务",
                         "Please go to the wealth area: a customer manager will call your number"),
    "customer_manager_now": ("请到理财区，客户经理将为您服务", "Please go to the wealth area: a customer manager will see you"),
    "fallback": ("自助设备暂停服务，已为您取号", "The machine is out of service, so here is a ticket"),
    "busy": ("请稍候…", "One moment…"),
    "offline": ("暂时无法连接排队系统，正在重试，请稍候", "The queue system cannot be reached. Retrying; please wait"),
    "offline_working": ("排队系统暂时离线，仍可取号，号码有效", "The queue system is offline for now. Tickets still print and are valid"),
    "offline_late": ("大厅屏幕可能稍后才叫到您", "The display may call you late"),
    "offline_see_manager": ("暂时无法在此取号，请到大堂经理处办理，谢谢", "No ticket can be printed here right now. "
                            "Please see the lobby manager, thank you"),
    "connecting": ("正在连接排队系统…", "Connecting to the queue system…"),
    "error": ("暂时无法办理，请联系大堂经理", "This cannot be done right now. Please ask the lobby manager"),
    "idle_q": ("继续吗？", "Are you still there?"),
    "idle_left": ("{s} 秒后返回首页", "Returning to the start in {s} s"),
    "continue": ("继续", "Continue"),
    "no_show_rule": ("过号请到大堂经理处或在取号机刷卡重新排队",
                     "Missed your number? See the lobby manager or swipe your card at the kiosk"),
    "printer_alert": ("取号机打印故障：{fault}", "Kiosk printer fault: {fault}"),
}


def pair(key: str, lang: str, **fmt: object) -> tuple[str, str]:
    """The (main, second) lines of a fixed text: the chosen language first, the other beneath."""
    zh, en = STRINGS[key]
    return order(zh.format(**fmt), en.format(**fmt), lang)


def both(key: str, **fmt: object) -> tuple[str, str]:
    """The (zh, en) texts of a key, formatted (for lines whose parts differ by language)."""
    zh, en = STRINGS[key]
    return zh.format(**fmt), en.format(**fmt)


def order(zh: str, en: str, lang: str) -> tuple[str, str]:
    """Put the chosen language first."""
    return (en, zh) if lang == "en" else (zh, en)


def yuan_zh(amount: int) -> str:
    """20000 → 2万元, 5000 → 5000元 (how a Chinese customer says an amount)."""
    if amount >= 10000 and amount % 10000 == 0:
        return f"{amount // 10000}万元"
    return f"{amount}元"
