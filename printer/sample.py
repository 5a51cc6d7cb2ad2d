"""A realistic sample ticket and slip: used by `fenliu print-test`, the bench, docs and golden tests."""
from __future__ import annotations

from .model import DiversionSlip, TicketPrint

SAMPLE_TICKET = TicketPrint(
    branch_name="示例银行 北京西单支行",
    branch_name_en="Example Bank, Xidan Branch",
    number="A012",
    service_zh="个人现金业务",
    service_en="Personal cash",
    people_ahead=5,
    wait_minutes=15,
    form_template_no="3",
    form_name_zh="个人业务凭条",
    form_desk_zh="大厅左侧填单台",
    form_name_en="Personal Slip",
    form_desk_en="lobby, left side",
    documents_zh=("本人身份证", "银行卡"),
    documents_en=("ID card", "bank card"),
    issued_at="2026-11-23 09:41",
    no_show_rule_zh="叫号2次未到即过号，请找大堂经理重新排队",
    no_show_rule_en="Missed 2 calls? Ask the lobby manager.",
    status_url="https://q.example.cn/t/0101/A012",
    tip_zh="2万元以下存取款可用自助机，免排队",
    tip_en="Under 20,000 CNY? Use the cash machine.",
)

SAMPLE_SLIP = DiversionSlip(
    branch_name="示例银行 北京西单支行",
    branch_name_en="Example Bank, Xidan Branch",
    purpose_zh="存款 5,000 元",
    purpose_en="deposit 5,000 CNY",
    target_zh="自助存取款机",
    target_en="cash recycler",
    location_zh="大厅右侧，自助区 2 号机",
    location_en="self-service area, right side, machine 2",
    steps_zh=("插入银行卡，输入密码", "选择“存款”，放入现金", "核对金额后确认，取回银行卡"),
    steps_en=("Insert card, enter PIN", "Choose Deposit, put in cash", "Check amount, confirm, take card"),
    issued_at="2026-11-23 09:42",
    qr_url="https://q.example.cn/help/cash-deposit",
)
