"""The columns of the import and export files of each kind: keys, headers, synonyms and choices.

Every column has a field key, a Chinese and an English header and a few synonyms people
actually write (合同编号 / 合同号 / Contract No.). Headers are compared after folding: full-width
forms, case, spacing and punctuation, a trailing "*" and "(必填)" are ignored, and a unit such as
"(万元)" is taken off and remembered. Cells of a choice column may hold the stored code, the
English label or its Chinese translation, or a synonym; an export writes the file's language.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from desktop_app.core.common.i18n import translator_for
from desktop_app.core.common.permissions import ROLE_LABELS
from desktop_app.core.register.contracts import CADENCES, CALLERS, LOAN_TYPES, METHODS, STATUSES
from desktop_app.core.register.contracts import TOPICS as CONTRACT_TOPICS

KINDS = ("banks", "contracts", "people", "responders", "numbers")
LANGUAGES = ("zh_CN", "en")

# How a column's cells are read.
TEXT, PHONE, PHONES, LIST, CHOICE, CHOICES, DAY, MONEY, HOURS, NAME, NAMES = (
    "text",
    "phone",
    "phones",
    "list",
    "choice",
    "choices",
    "day",
    "money",
    "hours",
    "name",
    "names",
)


@dataclass(frozen=True)
class Column:
    """One column of an import or export file."""

    key: str
    zh: str
    en: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    form: str = TEXT
    choices: str = ""  # the choice set of a CHOICE or CHOICES column
    loan_detail: bool = False  # left out for an actor who may not see loan details
    numbered: bool = False  # 备用接听人1, 备用接听人2…: any number of columns
    example_zh: str = ""
    example_en: str = ""

    def header(self, language: str, number: int | None = None) -> str:
        text = self.zh if language == "zh_CN" else self.en
        if self.numbered and number is not None:
            text = f"{text}{number}" if language == "zh_CN" else f"{text} {number}"
        return text

    def example(self, language: str) -> str:
        return self.example_zh if language == "zh_CN" else self.example_en


def _c(key: str, zh: str, en: str, *synonyms: str, **options: object) -> Column:
    return Column(key, zh, en, tuple(synonyms), **options)  # type: ignore[arg-type]


# fmt: off
_BANK_REF = ("银行", "银行名称", "贷款行", "借款银行", "Lender", "Lending bank", "Bank name")

COLUMNS: dict[str, tuple[Column, ...]] = {
    "banks": (
        _c("name", "银行名称", "Bank name", "银行", "银行全称", "名称", "Bank", "Name",
           required=True, example_zh="中国工商银行",
           example_en="Industrial and Commercial Bank of China"),
        _c("short_name", "简称", "Short name", "银行简称", "Abbreviation",
           example_zh="工行", example_en="ICBC"),
        _c("aliases", "别名", "Aliases", "其他名称", "别称", "Alias", "Other names", form=LIST,
           example_zh="ICBC、工商银行", example_en="工商银行; ICBC Beijing"),
        _c("branches", "支行", "Branches", "分支机构", "开户支行", "Branch", form=LIST,
           example_zh="北京朝阳支行", example_en="Beijing Chaoyang Sub-branch"),
        _c("phones", "来电号码", "Calling numbers", "银行来电号码", "来电电话", "Phone numbers",
           "Phones", "Calls from", form=PHONES,
           example_zh="95588（客服热线）、010-65521234（朝阳支行）",
           example_en="95588 (hotline); 010-65521234 (Chaoyang branch)"),
        _c("rm_name", "客户经理", "Relationship manager", "RM", example_zh="马骏",
           example_en="Ma Jun"),
        _c("rm_phone", "客户经理电话", "RM phone", "客户经理座机", "Relationship manager phone",
           form=PHONE, example_zh="010-65521234", example_en="010-65521234"),
        _c("rm_mobile", "客户经理手机", "RM mobile", "Relationship manager mobile",
           form=PHONE, example_zh="13911112222", example_en="13911112222"),
        _c("rm_email", "客户经理邮箱", "RM e-mail", "Relationship manager e-mail",
           example_zh="ma.jun@icbc.example", example_en="ma.jun@icbc.example"),
        _c("plo_name", "贷后专员", "Post-loan officer", "贷后管理人员", "贷后经理",
           example_zh="黄蕾", example_en="Huang Lei"),
        _c("plo_phone", "贷后专员电话", "Post-loan officer phone", "贷后专员座机",
           form=PHONE, example_zh="010-65521288", example_en="010-65521288"),
        _c("plo_mobile", "贷后专员手机", "Post-loan officer mobile", form=PHONE,
           example_zh="13911113333", example_en="13911113333"),
        _c("plo_email", "贷后专员邮箱", "Post-loan officer e-mail"),
        _c("notes", "备注", "Notes", "说明", "Remarks", "Note",
           example_zh="示例行：导入前请删除", example_en="Example row: delete it before importing"),
    ),
    "contracts": (
        _c("bank", "贷款银行", "Bank", *_BANK_REF, required=True, form=NAME,
           example_zh="工行", example_en="ICBC"),
        _c("contract_number", "合同编号", "Contract No.", "合同号", "借款合同编号", "合同编码",
           "Contract number", required=True, example_zh="HT-2026-001", example_en="HT-2026-001"),
        _c("title", "合同名称", "Title", "名称", "Contract title", "Contract name",
           example_zh="流动资金借款合同", example_en="Working-capital loan agreement"),
        _c("loan_type", "贷款类型", "Loan type", "贷款种类", "贷款品种", "Type", required=True,
           form=CHOICE, choices="loan_type", example_zh="流动资金贷款",
           example_en="Working-capital loan"),
        _c("currency", "币种", "Currency", "货币", example_zh="CNY", example_en="CNY"),
        _c("principal", "贷款金额", "Principal", "本金", "合同金额", "借款金额", "金额", "Amount",
           "Loan amount", required=True, form=MONEY, loan_detail=True,
           example_zh="5,000,000.00", example_en="5,000,000.00"),
        _c("start_date", "起始日", "Start date", "贷款起始日", "起始日期", "开始日期", "起息日",
           "借款日期", "Start", "Value date", required=True, form=DAY,
           example_zh="2026-03-18", example_en="2026-03-18"),
        _c("maturity_date", "到期日", "Maturity date", "到期日期", "贷款到期日", "终止日",
           "Maturity", "End date", "Due date", required=True, form=DAY,
           example_zh="2027-03-18", example_en="2027-03-18"),
        _c("drawdown_date", "放款日", "Drawdown date", "放款日期", "提款日", "提款日期",
           "Drawdown", form=DAY, example_zh="2026-03-20", example_en="2026-03-20"),
        _c("purpose_of_funds", "资金用途", "Use of funds", "贷款用途", "借款用途", "用途",
           "Purpose", "Purpose of funds", loan_detail=True,
           example_zh="采购原材料", example_en="Purchase of raw materials"),
        _c("clause_text", "回访条款", "Callback clause", "贷后检查条款", "条款", "Clause",
           loan_detail=True, example_zh="借款人应配合贷款人的贷后检查。",
           example_en="The borrower shall cooperate with the lender's post-loan checks."),
        _c("clause_caller", "回访人", "Who calls", "回访人员", "Caller", form=CHOICE,
           choices="caller", example_zh="贷后专员", example_en="Post-loan officer"),
        _c("clause_method", "回访方式", "Method", "Callback method", form=CHOICE,
           choices="method", example_zh="电话", example_en="By phone"),
        _c("clause_cadence", "回访频率", "Cadence", "回访周期", "Frequency", form=CHOICE,
           choices="cadence", example_zh="每季度", example_en="Quarterly"),
        _c("clause_topics", "回访内容", "Topics", "回访事项", "Callback topics", form=CHOICES,
           choices="topic", example_zh="资金用途、经营状况",
           example_en="Use of funds; Business condition"),
        _c("clause_documents", "需备材料", "Documents", "所需材料", "备查材料",
           "Documents to show", form=LIST, example_zh="付款凭证、发票",
           example_en="Payment vouchers; invoices"),
        _c("consequences", "违约后果", "Consequences", "违约责任", loan_detail=True,
           example_zh="贷款人有权提前收回贷款。", example_en="The lender may recall the loan."),
        _c("status", "状态", "Status", "合同状态", form=CHOICE, choices="status",
           example_zh="有效", example_en="Active"),
        _c("notes", "备注", "Notes", "说明", "Remarks", "Note", loan_detail=True,
           example_zh="示例行：导入前请删除", example_en="Example row: delete it before importing"),
    ),
    "people": (
        _c("name", "姓名", "Name", "名字", "员工姓名", "Full name", required=True,
           example_zh="王敏", example_en="Wang Min"),
        _c("role", "角色", "Role", "系统角色", form=CHOICE, choices="role",
           example_zh="财务", example_en="Finance"),
        _c("job_title", "职务", "Job title", "岗位", "职位", "Title", "Position",
           example_zh="财务经理", example_en="Finance manager"),
        _c("extension", "分机", "Extension", "分机号", "座机分机", "Ext",
           example_zh="8001", example_en="8001"),
        _c("mobile", "手机", "Mobile", "手机号", "手机号码", "移动电话", "Mobile phone", "Cell",
           form=PHONE, example_zh="13801012345", example_en="13801012345"),
        _c("email", "邮箱", "E-mail", "电子邮箱", "电子邮件", "邮件", "Email address",
           example_zh="wang.min@example.com", example_en="wang.min@example.com"),
        _c("os_account", "电脑账号", "Computer account", "登录账号", "计算机账号", "OS account",
           example_zh="wangmin", example_en="wangmin"),
        _c("office_hours", "办公时间", "Office hours", "工作时间", "Working hours", form=HOURS,
           example_zh="周一至周五 09:00-12:00，13:30-18:00",
           example_en="Mon-Fri 09:00-12:00, 13:30-18:00"),
        _c("notes", "备注", "Notes", "说明", "Remarks", "Note",
           example_zh="示例行：导入前请删除", example_en="Example row: delete it before importing"),
    ),
    "responders": (
        _c("bank", "贷款银行", "Bank", *_BANK_REF, required=True, form=NAME,
           example_zh="工行", example_en="ICBC"),
        _c("contract_number", "合同编号", "Contract No.", "合同号", "借款合同编号", "合同编码",
           "Contract number", example_zh="HT-2026-001", example_en="HT-2026-001"),
        _c("primary", "主接听人", "Primary responder", "主要接听人", "第一接听人", "Primary",
           form=NAME, example_zh="王敏", example_en="Wang Min"),
        _c("backup", "备用接听人", "Backup responder", "备接听人", "Backup", form=NAME,
           numbered=True, example_zh="李娜", example_en="Li Na"),
        _c("responders", "接听人", "Responders", "指定接听人", "接听人顺序",
           "Designated responders", form=NAMES),
    ),
    "numbers": (
        _c("bank", "贷款银行", "Bank", *_BANK_REF, required=True, form=NAME,
           example_zh="工行", example_en="ICBC"),
        _c("contract_number", "合同编号", "Contract No.", "合同号", "借款合同编号",
           "Contract number", example_zh="HT-2026-001", example_en="HT-2026-001"),
        _c("number", "预留号码", "Number on file", "号码", "联系电话", "预留电话", "Number",
           "Phone", required=True, form=PHONE, example_zh="010-6552 1234",
           example_en="010-6552 1234"),
        _c("extension", "分机", "Extension", "分机号", "Ext", example_zh="808", example_en="808"),
        _c("person", "联系人", "Person", "对应人员", "接听人", "Contact person", form=NAME,
           example_zh="王敏", example_en="Wang Min"),
        _c("label", "说明", "Label", "用途", "备注", "Note", example_zh="财务部总机",
           example_en="Finance switchboard"),
        _c("last_confirmed_on", "银行确认日期", "Last confirmed", "最近确认", "确认日期",
           "Confirmed on", form=DAY, example_zh="2026-11-02", example_en="2026-11-02"),
    ),
}
# fmt: on

TITLES = {
    "banks": ("银行", "Banks"),
    "contracts": ("贷款合同", "Loan contracts"),
    "people": ("人员", "People"),
    "responders": ("指定接听人", "Responders"),
    "numbers": ("预留号码", "Registered numbers"),
}

# fmt: off
# Choice sets: the stored codes with their (English msgid) labels, plus words people use.
CHOICE_SETS: dict[str, tuple[dict[str, str], dict[str, tuple[str, ...]]]] = {
    "loan_type": (
        LOAN_TYPES,
        {
            "mortgage": ("抵押贷款", "经营性物业贷款", "物业贷", "Mortgage loan", "Mortgage"),
            "working_capital": ("流贷", "流动资金", "Working capital"),
            "project": ("项目贷",),
            "fixed_asset": ("固贷", "固定资产"),
        },
    ),
    "status": (
        STATUSES,
        {
            "active": ("正常", "执行中", "存续", "在贷", "生效"),
            "closed": ("结清", "已结清", "关闭", "已关闭", "已到期"),
        },
    ),
    "caller": (
        CALLERS, {"post_loan_officer": ("贷后经理", "贷后人员"), "risk_department": ("风控",)}
    ),
    "method": (
        METHODS,
        {"phone": ("电话回访", "Phone"), "on_site": ("现场检查", "实地", "现场回访"),
         "both": ("电话和现场", "电话+现场")},
    ),
    "cadence": (
        CADENCES,
        {
            "monthly": ("按月", "月度"),
            "quarterly": ("按季", "季度", "每季"),
            "semiannual": ("半年", "半年度", "每半年度"),
            "annual": ("按年", "年度", "Annual"),
            "ad_hoc": ("不定期", "随机"),
        },
    ),
    "topic": (CONTRACT_TOPICS, {"collateral": ("押品", "抵押物状况")}),
    "role": (
        {role.value: label for role, label in ROLE_LABELS.items()},
        {"trainee": ("实习生", "培训生"), "admin": ("系统管理员", "Admin")},
    ),
}
# fmt: on

CURRENCY_NAMES = {
    "人民币": "CNY", "rmb": "CNY", "元": "CNY", "美元": "USD", "欧元": "EUR", "港币": "HKD",
    "港元": "HKD", "日元": "JPY", "英镑": "GBP",
}  # fmt: skip

_UNIT = re.compile(r"\((?:单位:?)?(万元|万|亿元|亿|元|人民币元)\)$")
_DECORATION = re.compile(r"\((?:必填|选填|可选|required|optional)\)")
_PUNCTUATION = re.compile(r"[\s*:._\-]")
UNITS = {"万元": Decimal(10_000), "万": Decimal(10_000), "亿元": Decimal(10**8)}
UNITS["亿"] = UNITS["亿元"]


def fold_header(text: object) -> tuple[str, Decimal]:
    """A header folded for comparison, and the unit its amounts are in (1 unless "(万元)")."""
    folded = unicodedata.normalize("NFKC", str(text or "")).lower()
    folded = _DECORATION.sub("", re.sub(r"\s", "", folded)).strip("*")
    unit = Decimal(1)
    match = _UNIT.search(folded)
    if match:
        unit = UNITS.get(match.group(1), Decimal(1))
        folded = folded[: match.start()]
    return _PUNCTUATION.sub("", folded), unit


def fold_value(text: object) -> str:
    """A cell value folded for comparison with labels and names."""
    return _PUNCTUATION.sub("", unicodedata.normalize("NFKC", str(text or "")).lower())


@dataclass(frozen=True)
class HeaderMatch:
    """What a header in a file stands for."""

    column: Column
    number: int  # for a numbered column (备用接听人2 → 2); 0 otherwise
    unit: Decimal
    language: str  # the language it is written in, "" when both agree (CNY, RM)


@cache
def _header_index(kind: str) -> dict[str, tuple[Column, str]]:
    index: dict[str, tuple[Column, str]] = {}
    for column in COLUMNS[kind]:
        names = [(column.zh, "zh_CN"), (column.en, "en"), (column.key, "")]
        names += [(s, "zh_CN" if any(ord(ch) > 127 for ch in s) else "en") for s in column.synonyms]
        for name, language in names:
            folded = fold_header(name)[0]
            known = index.get(folded)
            if known is not None and known[0] is not column:
                raise RuntimeError(f"header {name!r} of {kind} means two columns")
            index.setdefault(folded, (column, language))
    return index


def match_header(kind: str, text: object) -> HeaderMatch | None:
    """The column a header names, or ``None`` for a header this kind does not know."""
    folded, unit = fold_header(text)
    if not folded:
        return None
    index = _header_index(kind)
    found = index.get(folded)
    if found is not None:
        return HeaderMatch(found[0], 1 if found[0].numbered else 0, unit, found[1])
    numbered = re.fullmatch(r"(.*?)(\d+)", folded)
    if numbered:
        found = index.get(numbered.group(1))
        if found is not None and found[0].numbered:
            return HeaderMatch(found[0], int(numbered.group(2)), unit, found[1])
    return None


def columns_for(kind: str, loan_details: bool = True) -> tuple[Column, ...]:
    """The columns of ``kind`` an export writes; without loan details, fewer."""
    return tuple(c for c in COLUMNS[kind] if loan_details or not c.loan_detail)


def column(kind: str, key: str) -> Column:
    return next(c for c in COLUMNS[kind] if c.key == key)


@cache
def _choice_index(name: str) -> dict[str, str]:
    labels, synonyms = CHOICE_SETS[name]
    index: dict[str, str] = {}
    translators = [translator_for(language) for language in LANGUAGES]
    for code, label in labels.items():
        words = [code, label, *(t(label) for t in translators), *synonyms.get(code, ())]
        for word in words:
            index.setdefault(fold_value(word), code)
    return index


def choice_code(name: str, text: str) -> str | None:
    """The stored code a cell means in the choice set ``name``, or ``None``."""
    return _choice_index(name).get(fold_value(text))


def choice_label(name: str, code: str, language: str) -> str:
    """The label of ``code`` in the language of a file."""
    label = CHOICE_SETS[name][0].get(code)
    return translator_for(language)(label) if label else code


def choice_labels(name: str, language: str) -> list[str]:
    """Every label of a choice set in ``language``, in the order of the set."""
    return [choice_label(name, code, language) for code in CHOICE_SETS[name][0]]


def list_separator(language: str) -> str:
    """How an export joins the items of a list cell."""
    return "、" if language == "zh_CN" else "; "
