"""The message catalogue: every problem the toolkit reports, with a stable code.

Codes never change meaning once released (scripts and the city's RPA match on them).
Prefixes: P = plan file; the intake codes (reading, identifying, validating returned
workbooks) follow in their own block. ``docs/messages.md`` lists them all; a test keeps it
in step with this module.

A message template says what is wrong and what to do, in Japanese, with ``{name}``
placeholders filled by :func:`problem`.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field, replace
from enum import Enum, StrEnum


class Severity(StrEnum):
    ERROR = "error"  # rejects the file (or the plan)
    WARNING = "warning"  # accepted, listed

    @property
    def label(self) -> str:
        return {"error": "エラー", "warning": "警告"}[self.value]


@dataclass(frozen=True)
class Message:
    code: str
    severity: Severity
    title: str
    template: str


E, W = Severity.ERROR, Severity.WARNING


class Msg(Enum):
    """The catalogue. Member name = meaning in English; value = code, severity, Japanese text."""

    # --- plan file -------------------------------------------------------------------
    PLAN_NOT_FOUND = Message("P001", E, "計画ファイルが見つからない",
        "計画ファイル {file} が見つからないか、読めません（{detail}）。パスを確認してください。")
    PLAN_SYNTAX = Message("P002", E, "YAML の書き方の誤り",
        "YAML として読めません（{detail}）。インデントや「:」「-」の位置を確認してください。")
    PLAN_DUPLICATE_KEY = Message("P003", E, "同じ項目名の重複",
        "「{key}」が同じ場所に2回書かれています。1つにまとめてください。")
    PLAN_MISSING_KEY = Message("P010", E, "必須項目がない",
        "必須の項目「{key}」がありません。追加してください。")
    PLAN_UNKNOWN_KEY = Message("P011", E, "知らない項目名",
        "「{key}」は計画ファイルで使えない項目名です。{hint}")
    PLAN_WRONG_TYPE = Message("P012", E, "値の型の誤り",
        "値 {value} は{expected}で書いてください。")
    PLAN_BAD_VALUE = Message("P013", E, "使えない値",
        "値 {value} は使えません。{expected}")
    PLAN_BAD_YEAR = Message("P014", E, "年度の誤り",
        "年度 {value} を読めません。R8、令和8年度、H30、平成30年度、2018 のように書いてください。")
    PLAN_DUPLICATE_ID = Message("P020", E, "ID・名前の重複",
        "「{id}」が重複しています（{other} と同じ）。ID・名前を確かめ、同じものを2回書いていないか確認してください。")
    PLAN_UNKNOWN_SECTION = Message("P021", E, "一覧にない担当課",
        "担当課「{section}」が担当課の一覧（計画ファイルの sections、計画マスターの「担当課」シート）にありません。"
        "一覧に追加するか、課名を直してください。{hint}")
    PLAN_UNKNOWN_ITEM = Message("P022", E, "存在しない項目",
        "KPI {kpi} の{level}「{item}」が計画にありません。ID（例 {example}）を確認してください。")
    PLAN_OWNER_NOT_ON_ITEM = Message("P023", E, "KPI の報告課が担当課でない",
        "KPI {kpi} の報告課「{owner}」は{level} {item} の担当課（{sections}）ではありません。{hint}")
    PLAN_DIRECTION_NEEDED = Message("P024", E, "維持目標に方向がない",
        "KPI {kpi} は目標値が基準値と同じ（維持目標）です。方向（計画マスターの「方向」、計画ファイルの direction）に"
        "増加 または 減少 を書いてください。")
    PLAN_DIRECTION_MISMATCH = Message("P025", E, "方向と目標値の矛盾",
        "KPI {kpi} は方向（計画マスターの「方向」、計画ファイルの direction）が「{direction}」ですが、目標値 {target} は"
        "基準値 {baseline} から{actual}しています。")
    PLAN_RATE_RANGE = Message("P026", E, "割合の範囲外",
        "KPI {kpi} は割合（rate）なので {field} は 0～1（0%～100%）で書いてください（24% は計画ファイルでは 0.24、"
        "計画マスターでは 24%）。いまは {value}。")
    PLAN_PERIOD_ORDER = Message("P027", E, "計画期間の誤り",
        "計画期間の開始 {start} が終了 {end} より後になっています。")
    PLAN_YEAR_OUT_OF_PERIOD = Message("P028", E, "計画期間外の年度",
        "{what} の年度 {year} が計画期間（{start}～{end}）の外です。")
    PLAN_NO_ITEMS_FOR_SECTION = Message("P029", W, "項目のない課",
        "課「{section}」はどの{level}の担当課にもなっていません。")
    PLAN_DIRECTION_NO_BASELINE = Message("P030", E, "基準値のない KPI に方向がない",
        "KPI {kpi} は基準値がない（最初に報告された実績値を基準値にする）ため、direction（増加 または 減少）を書いてください。")
    PLAN_REFORM_DEFAULT = Message("P031", W, "改革の名称がない",
        "reform（改革の名称。ファイル名と表題に使います）がないため、同梱の計画の「{default}」を使います。"
        "この計画の言い方（行政改革、行財政改革 など）を書いてください。")
    PLAN_BAD_DATE = Message("P032", E, "日付の誤り",
        "日付 {value} を読めません。2028-03-15、令和10年3月15日 のように書いてください。")
    PLAN_YEAR_OUTSIDE_ITEM = Message("P033", E, "項目の実施年度の外",
        "{what} の年度 {year} が{level} {item} の実施年度（{start}～{end}）の外です。")
    PLAN_YEARS_ORDER = Message("P034", E, "開始年度が終了年度より後",
        "{what} の開始年度 {start} が終了年度 {end} より後になっています。")
    PLAN_SECTION_SPLIT = Message("P035", E, "分割された課の名前",
        "課「{section}」は{year}から {new} に分かれました。{what} の課を、分かれた課のどれかにしてください。")
    PLAN_OLD_SECTION_LISTED = Message("P036", E, "組織改正で無くなった課が一覧にある",
        "課「{section}」は{year}の組織改正で {new} になった課です。担当課の一覧から外してください"
        "（分かれた課のひとつが同じ名前を続けるなら、組織改正の新課名にもその名前を書きます）。")
    PLAN_MOVE_AFTER_REVISION = Message("P037", E, "組織改正が改訂の適用年度より後",
        "組織改正（{move}）の年度 {year} が、この計画の適用年度 {effective} より後です。"
        "組織改正は、その年度から適用する改訂の計画に書いてください。")

    # --- the plan master: the plan as a workbook the office edits (reform_xlsx.plan.master_import) ---
    MASTER_NOT_A_MASTER = Message("P040", E, "計画マスターではない",
        "このブックは計画マスター（reform-xlsx plan export で書き出したもの）ではありません（{detail}）。"
        "書き出した計画マスターを編集して取り込んでください。")
    MASTER_SHEET_MISSING = Message("P041", E, "計画マスターのシートがない",
        "シート「{expected}」がありません。{hint}")
    MASTER_HEADER_MISSING = Message("P042", E, "計画マスターの見出しがない",
        "見出し「{label}」が見つかりません。見出しの行を書き換えたり列を削除したりしていないか確認し、元に戻してください。")
    MASTER_FORMULA = Message("P043", E, "計画マスターに数式",
        "数式（{formula}）は使えません。数式ではなく値（文字・数字）を直接入力してください。")
    MASTER_BAD_CELL = Message("P044", E, "計画マスターの読めない値",
        "{label}「{value}」を読めません。{expected}")
    MASTER_NO_CATEGORY = Message("P045", E, "項目の区分がない",
        "{what} {id} の区分（{key}）が「{levels}」シートにありません。ID を確かめるか、区分の行を追加してください。")
    MASTER_NO_ACTIONS = Message("P047", E, "主な取組のない項目",
        "{what}「{id}」に主な取組がありません。「{actions}」シートに、項目ID「{id}」の行を1行以上書いてください。")
    PLAN_SECTION_FILE_CLASH = Message("P048", E, "ファイル名にすると同じになる課名",
        "担当課「{section}」は「{other}」（{other_path}）と、ファイル名にすると同じ「{file_name}」になります（文字の形・大文字と"
        "小文字・ファイル名に使えない文字・見えない文字（ゼロ幅スペースなど）・{max} 字までの長さで区別できません）。"
        "課ごとの調査票・差し戻しの写し・メールの下書きが上書きされるため、見分けられる課名にしてください。")
    PLAN_MOVE_FROM_MISSPELT = Message("P049", E, "組織改正の旧課名の書き間違い",
        "組織改正の旧課名「{old}」（{year}から「{new}」）は、どの課の名前でもありません。{items}の担当課「{near}」の"
        "書き間違いではありませんか。旧課名は、これまでの計画の課名のとおりに書いてください（書き間違いでは、その課の"
        "項目が新しい課に移らず、回答の履歴もつながりません）。")
    PLAN_YEN_UNIT = Message("P046", W, "金額の KPI の単位が円でない",
        "KPI {kpi} は金額（kind: yen）ですが、単位が「{unit}」です。金額の KPI は円で書きます（値は円として読み、"
        "財政効果額の大きさの目安にも使います）。{unit}単位のまま扱うなら kind を count にしてください。")
    PLAN_THRESHOLD = Message("P050", E, "判定のしきい値の誤り",
        "判定のしきい値 {field} を {value} にはできません。{expected}")
    PLAN_IS_MASTER = Message("P051", E, "計画ファイルの代わりに計画マスター",
        "{file} は計画マスター（Excel）で、計画ファイル（YAML）としては使えません。計画マスターは "
        "reform-xlsx plan import {file} で台帳に取り込みます（取り込んだ計画は台帳から使われるので、--plan や "
        "reform-xlsx.toml の plan には書きません）。")
    PLAN_ALIAS = Message("P052", E, "YAML の別名（&・*）",
        "YAML の別名（&名前 を付けた値を *名前 で繰り返す書き方）は計画ファイルでは使えません（この行の値に"
        "別名が付いています）。同じ値も、使う場所ごとにそのまま書いてください。")
    PLAN_EMPTY = Message("P053", E, "計画ファイルが空",
        "計画ファイルが空です（コメントと空行のほかに何も書かれていません）。計画ファイルには format・plan・sections・"
        "grades・judgement・areas・kpis の各項目を「項目名: 値」の組で書きます。reform-xlsx plan export 計画.yaml で"
        "今の計画を書き出すと、書き方の手本になります。")
    PLAN_NOT_MAPPING = Message("P054", E, "計画ファイル全体が「項目名: 値」の組でない",
        "計画ファイル全体が{what}になっています。計画ファイルは「format: 1」「plan:」のような「項目名: 値」の組を"
        "並べて書きます（「- 」で始まる行は、sections などの項目の下に並べる一覧にだけ使います）。"
        "reform-xlsx plan export 計画.yaml で今の計画を書き出すと、書き方の手本になります。")
    PLAN_EMPTY_LEVEL = Message("P055", E, "項目のない区分",
        "{level} {id}「{name}」には{item}が1つもありません。{item}を加えるか（計画マスターでは「{add_sheet}」シートに ID「{example}」の"
        "行を、計画ファイルでは {key} の下に追加します）、使わない{level}なら削除してください。")
    PLAN_IMPORT_WRONG_FILE = Message("P056", E, "plan import で読めないファイル",
        "{file} は計画マスター（.xlsx）でも計画ファイル（.yaml・.yml）でもありません（{kind}）。plan import には、"
        "reform-xlsx plan export 計画.xlsx で書き出して Excel で直した計画マスター（.xlsx）か、計画ファイル（.yaml）を"
        "指定してください（CSV などに保存し直したときは、Excel で .xlsx に保存し直します）。")
    MASTER_FRACTION_OF_COUNT = Message("P057", W, "件数・金額の KPI に 1 未満の値",
        "KPI {kpi} の{label}「{value}」は 1 未満です（{others}）。「12.5%」のように % を付けて入力すると、表計算ソフトは"
        " 0.125 として保存します。{unit}の数なら、数字だけで入力し直してください（割合の指標なら「種類」を「割合」にします）。"
        "このまま取り込むと{label}は {value}{unit} です。")
    PLAN_RENAMED_WITHOUT_MOVE = Message("P058", W, "組織改正の行のない課名の書き換え",
        "担当課「{old}」がなくなり、「{new}」が加わって、{old}の{item}（{items}）がすべて{new}の担当になっています。"
        "課の名称変更なら、「組織改正」シート（計画ファイルでは reorganisations）に「{year}・{old}・{new}」の行を書いてください。"
        "書かないと{new}は新しい課として扱われ、{old}の回答の履歴（翌年度の調査票の前年度の回答、会議資料の前年度との比較）が"
        "{new}につながらず、連絡先の{old}の行も{new}の下書きには使われません。別の課に担当を移したのなら、このままで構いません。")
    PLAN_ACTION_NUMBERED = Message("P059", W, "番号を付けて書いた主な取組",
        "{item} の{action}「{text}」は番号「{mark}」で始まっています。{level}に主な取組が2つ以上あるときは、調査票・会議資料が"
        "①②③ を並び順に付けるので、「{shown}」と出ます。番号を除いて書いてください。")
    MASTER_CELL_MALFORMED = Message("P061", E, "計画マスターのセルの中身が壊れている",
        "セルの中身が Excel の形式として正しくないため読めません（{detail}）。Excel か LibreOffice で開いて、値を入力し直して"
        "ください。")
    PLAN_GRADE_LOOKALIKE = Message("P062", E, "見分けにくい進捗状況の記号",
        "進捗状況の区分の記号「{code}」と「{other}」は見分けにくく、調査票に「{typed}」と入力されたときにどちらの区分か"
        "決められません。どちらかを別の記号にしてください。")
    PLAN_MOVE_TO_ITSELF = Message("P063", E, "組織改正の旧課名と新課名が同じ",
        "組織改正（{year}から）の新課名が旧課名と同じ「{section}」です。名前が変わるなら新課名に新しい課名を書いてください"
        "（分かれた課のひとつが同じ名前を続けるなら、{section}から分かれたもう一方の課の行も書きます）。組織改正でなければ、"
        "この行を削除してください。")
    PLAN_MOVE_FROM_GONE = Message("P064", E, "組織改正の旧課名がその年度にはもうない課",
        "組織改正の旧課名「{old}」（{year}から「{new}」）は、{earlier}からの組織改正で名前が変わり、{year}の前の年度には"
        "「{now}」です。旧課名には、その年度の前の課名（{now}）を書いてください（「{old}」のままでは、{now}の項目と"
        "回答の履歴が「{new}」に移りません）。")
    PLAN_NEXT_PLAN_AS_REVISION = Message("P060", E, "次の計画を前の計画の改訂として取り込もうとした",
        "計画期間を{period}にすると、この台帳が受け付けた{years}の回答が計画期間の外になります。計画期間が{end}で終わる"
        "計画「{old}」の次の計画は、改訂ではなく別の計画なので、この台帳には取り込みませんでした（取り込むと、この台帳の"
        "年度が計画期間の外になり、次の計画の{item}が同じ ID の前の計画の{item}の改訂として扱われます）。次の計画は、新しい"
        "作業フォルダを作り、そのフォルダで reform-xlsx plan import {name} --db out/reform.db として新しい台帳に取り込みます。"
        "この台帳は、前の計画の年度（{end}の訂正、計画期間の総括）のためにそのまま残します。計画期間を延ばす改訂なら、"
        "開始年度は{start}のままにしてください。")

    # --- report (推進本部会議資料) -------------------------------------------------------
    REPORT_KPI_CONFLICT = Message("R001", W, "KPI の値が課によって違う",
        "KPI {kpi}「{name}」を複数の課が異なる値で報告しています（{values}）。報告課 {owner} の値で"
        "判定しました。正しい値を {owner} に確認してください。")
    REPORT_KPI_NOT_OWNER = Message("R002", W, "KPI を報告課以外が報告",
        "KPI {kpi}「{name}」は報告課 {owner} からの値がなく、他の課の値（{values}）で判定しました。"
        "{owner} に確認してください。")
    REPORT_KPI_UNRESOLVED = Message("R003", W, "KPI の値を決められない",
        "KPI {kpi}「{name}」は報告課 {owner} からの値がなく、他の課の値が一致しません（{values}）。"
        "未報告として扱いました。{owner} に確認してください。")
    REPORT_NO_PDF = Message("R004", W, "PDF を作成できない",
        "{detail}")
    REPORT_EFFECT_DUPLICATE = Message("R005", W, "財政効果額の重複の可能性",
        "{level} {item}「{name}」の財政効果額を {sections} が同じ額（{amount}円）で記入しています。"
        "同じ効果を重ねて計上していないか、各課に確認してください（合計にはそれぞれの額を含めています）。")
    REPORT_LATER_YEAR_STALE = Message("R006", W, "後の年度の出力が古いまま",
        "{when}{year}の受け付けた回答が変わりました。台帳には{later}の出力（フォルダ {folder}）が記録されていて、"
        "その{what}の前年度・年度別の推移{final}は変わる前の{year}の回答のままです。{command} で作り直してください{meeting}。")
    REPORT_EARLIER_OUTPUT_KEPT = Message("R007", W, "前に作った PDF・公表用を作り直していない",
        "出力フォルダには前に作った {names} がありますが、今回は {options} を付けていないので作り直していません。"
        "今回の会議資料と内容が違うことがあるので、配布・公表に使うときは {options} を付けてもう一度実行してください。")
    REPORT_PUBLIC_CONTACT = Message("R008", W, "公表用に載る文に個人の連絡先",
        "公表用（Excel・PDF・CSV）に載る{section}の{level} {item}「{name}」の{field}に、{found}が書かれています"
        "（回答者欄は公表用に載せませんが、文の中のものはそのまま載ります）。公表してよいか確認し、載せないときは"
        "{how}、--public を付けてもう一度作ってください。")
    REPORT_KPI_ACTUALS_LEFT_OUT = Message("R009", W, "台帳の実績値を報告する年度の外として載せていない",
        "KPI {kpi}「{name}」の{years}の実績値（{sections}が報告し、台帳に受け付けたもの）は、その年度の計画では KPI を"
        "報告する年度の外（{why}）なので、{sheets}に載せていません（未報告とも数えません）。台帳の実績値はそのまま"
        "残っています。{advice}")

    # --- ledger: the batch and resubmissions (reform_xlsx.ledger.store, .batch) -------------------
    # (the intake reader does not use these: they compare files with each other and the ledger)
    LEDGER_DUPLICATE = Message("L001", W, "同じファイルの重複",
        "このファイルは {original} と内容がまったく同じです（重複として1回だけ記録しました）。送り直しは不要です。")
    LEDGER_SUPERSEDED = Message("L002", W, "新しいファイルに置き換え",
        "{section}からはより新しいファイル {newer} を受理したので、このファイルの回答は使いません。")
    LEDGER_TWO_FILES = Message("L003", W, "同じ課から別のファイルが同時に",
        "{section}から内容の異なるファイルが {count} 件同時に届きました（ほかに {others}）。受理したもののうち、いちばん新しいファイルの回答を使います"
        "（差し戻したファイルの回答は使いません）。意図どおりか担当課に確認してください。")
    LEDGER_PART_MISSING = Message("L004", W, "組織改正前の課の調査票にない項目",
        "{section}の{what} は、届いた組織改正前の課の調査票のどれにもありません（{count} 件）。{section}は、この分の回答が"
        "届くまで未提出です。{section}の調査票で回答を送ってもらってください（督促の下書きを作ります）。")

    # --- ledger: the plan it keeps (reform_xlsx.ledger.plans) -----------------------------------
    LEDGER_OTHER_PLAN = Message("L010", E, "台帳の計画と違う計画",
        "受付台帳 {ledger} は計画{recorded}の台帳です。指定された計画{given}は別の計画なので、この台帳では使えません。"
        "{advice}別の計画の台帳は --db で別のファイルにしてください。")
    LEDGER_PLAN_REVISED = Message("L011", E, "台帳の計画と内容が違う（改訂）",
        "受付台帳 {ledger} に記録された計画{recorded}と、指定された計画{given}は、同じ計画 ID で内容が違います。"
        "改訂した計画は reform-xlsx plan import で台帳に取り込むと（適用年度から）使われます。今の計画のまま進めるときは "
        "--plan（または reform-xlsx.toml の plan）を外して台帳の計画を使ってください。")
    LEDGER_FILES_OF_OTHER_PLAN = Message("L012", E, "台帳の調査票が別の計画のもの",
        "受付台帳 {ledger} には計画 ID {found} の調査票が記録されています（計画を記録する前の台帳です）。"
        "使おうとした計画{given}とは違います。--plan でその計画のファイルを指定してください。")
    LEDGER_REVISION_SAME_VERSION = Message("L013", E, "改訂なのに版が同じ",
        "取り込む計画は台帳の計画（版 {version}）と内容が違います（{count} 件。{change} など）が、版が同じです。"
        "計画情報の「版」を新しくしてください（例: {example}。配布した調査票は版で見分けます）。")
    LEDGER_REVISION_TOO_EARLY = Message("L014", E, "適用年度が前の改訂より前",
        "適用年度 {year} は、台帳の最新の計画（版 {version}、{effective}から適用）より前です。"
        "適用年度を {effective} 以降にしてください（前の年度は、その年度に使った計画のまま集計します）。")
    LEDGER_REVISION_NO_YEAR = Message("L017", E, "改訂に適用年度がない",
        "取り込む計画は台帳の計画（版 {version}）と内容が違います（{count} 件。{change} など）。計画情報の「適用年度」"
        "（計画ファイルでは revision の effective_year）に、この版を使い始める年度を書いてください。")
    LEDGER_REVISION_UNKNOWN_SECTION = Message("L018", E, "組織改正の旧課名が台帳の計画にない",
        "組織改正の旧課名「{old}」（{year}から「{new}」）は、台帳の計画（版 {version}）の担当課にありません。"
        "旧課名は、これまでの計画の課名のとおりに書いてください（書き間違いでは、その課の回答の履歴がつながりません）。")
    LEDGER_REVISION_STALE_MASTER = Message("L019", E, "前の版から書き出した計画マスター",
        "この計画マスターは版 {exported} から書き出したものですが、台帳の計画はその後 版 {later} に改訂されています"
        "（最新は版 {latest}、{effective}から適用）。このまま取り込むと、その改訂の {count} 件（{example} など）が"
        "元に戻ります。reform-xlsx plan export で最新の版を書き出し、同じ修正をし直して取り込んでください"
        "（版 {later} の改訂を取り消すつもりなら --force を付けます）。")
    LEDGER_REVISION_MOVE_DROPPED = Message("L020", E, "前の版の組織改正がない",
        "台帳の最新の計画（版 {version}）にある組織改正「{move}」（{year}から）が、取り込む計画にありません。"
        "一度書いた組織改正は後の版にも残します（無いと、その課の回答の履歴がつながりません）。「組織改正」シートに"
        "適用年度 {short_year}、旧課名 {old}、新課名 {new} の行を戻してください（取り消すつもりなら --force を付けます）。")
    LEDGER_REVISION_UNIT_CHANGED = Message("L021", W, "KPI の単位の変更",
        "KPI {kpi}「{name}」の単位が「{before}」から「{after}」に変わります（{effective}から）。{earlier}の実績値は"
        "「{before}」で報告されたまま台帳にあり、換算しません（会議資料の推移・総括と調査票では「{before}」を付けて並べ、"
        "今の単位の値とは比べません。計画に基準値がない指標なら、「{after}」で最初に報告された実績値が基準値になります）。"
        "単位を変えずに済むなら「{before}」のままにしてください。")
    LEDGER_REVISION_DROPS_ANSWERS = Message("L022", E, "受け付けた回答のある項目の削除",
        "{what}「{name}」は、この改訂（{effective}から適用）の計画にありません。{years}に受け付けた {sections} の"
        "{answer}があり、取り込むと{years}の会議資料・公表用から{lost}が外れるため、取り込みませんでした。{advice}")
    LEDGER_REVISION_MOVES_ANSWERED = Message("L023", E, "受け付けた回答のある課の組織改正",
        "組織改正「{old} → {new}」は{year}からですが、{years}の {old} の調査票をすでに受け付けています。取り込むと、"
        "{old} のまま受け付けた回答は {new} の提出にならず、{new} が未提出（督促の対象）になるため、取り込みませんでした。"
        "{advice}")
    LEDGER_REVISION_PERIOD_CUTS_ANSWERS = Message("L024", E, "受け付けた回答のある年度を期間から外す改訂",
        "{what}「{name}」の{period}を{new}にすると、{years}に受け付けた {sections} の{answer}が期間の外になります。"
        "取り込むと、会議資料（計画期間の総括など）と調査票がその{years}を計画になかった年度として扱うため、"
        "取り込みませんでした。{advice}")
    LEDGER_NEW_FOR_OTHER_VERSIONS = Message("L025", E, "新しい台帳に調査票の計画の版がない",
        "読み込んだ調査票はすべて計画の版 {found} で作ったものですが、受付台帳 {ledger} はこの merge で新しく作る台帳で、"
        "計画は版 {expected} です（調査票の版を知りません）。このまま受け付けると、各課に誤りのない調査票を差し戻すことになります。"
        "調査票を作ったときの台帳（前の merge・templates --db・plan import で使った reform.db など）を --db で指定してください。"
        "台帳をなくしたときは、調査票を作った計画（版 {found}）の計画マスターを reform-xlsx plan import で新しい台帳に取り込んでから"
        " merge します。何も記録・作成していません。")
    LEDGER_ARCHIVE_UNKNOWN = Message("L026", W, "台帳の知らない原本が保管庫に",
        "原本の保管庫 {file} に、この台帳に記録のない受け付けた原本が {count} 件あります（台帳をバックアップから戻した、"
        "別の台帳の保管庫を写した、など）。その後の merge で受け付けた回答は、この台帳にありません。受信フォルダにその"
        "ファイルがもうなければ、merge に受信フォルダと並べて保管庫のフォルダ {file} も指定すると、その原本を読んで"
        "記録します（記録のある原本は読みません。ほかの年度の原本は、その年度の --year で merge したときに読みます）。")
    LEDGER_ARCHIVE_MISSING = Message("L027", W, "保管庫にない原本",
        "受付台帳 {ledger} が受け付けた原本 {count} 件が、原本の保管庫 {file} にありません（作業フォルダを写したときに"
        "保管庫を写さなかった、保管庫を消した、など）。台帳の記録と回答はそのままですが、原本の控えがありません。"
        "前のフォルダに {name} が残っていれば、台帳の隣（{file}）に写してください。")
    LEDGER_REVISION_YEAR_MERGED = Message("L015", W, "集計済みの年度から適用",
        "{year}は版 {version} で集計済みです（merge）。この改訂は{year}から適用するため、{year}を merge し直すと"
        "判定などが変わることがあります。")
    LEDGER_REVISION_TEMPLATES_OUT = Message("L016", W, "配布済みの調査票が古い版",
        "{year}の調査票は版 {version} で作成しています（{count} 課）。この改訂の調査票を reform-xlsx templates で"
        "作り直して配布してください（古い版の調査票は差し戻しになります。組織改正で無くなった課のものは新しい課の回答として読みます）。")

    # --- settings: reform-xlsx.toml (reform_xlsx.settings) ---------------------------------------
    SETTINGS_UNREADABLE = Message("C001", E, "設定ファイルを読めない",
        "設定ファイル {file} を読めません（{detail}）。plan = \"計画.yaml\"、ledger = \"台帳/reform.db\" のように書いてください"
        "（docs/adopting.md）。")
    SETTINGS_UNKNOWN_KEY = Message("C002", E, "設定ファイルの知らない項目",
        "設定ファイル {file} の「{key}」は使えない項目です。{hint}")
    SETTINGS_BAD_VALUE = Message("C003", E, "設定の値の誤り",
        "設定ファイル {file} の「{key}」はファイルのパスを \"…\" で囲んで書いてください（例: {key} = \"{example}\"）。")

    # --- intake: reading returned workbooks (reform_xlsx.intake) ---------------------------
    # F = the file itself: format, safety caps, reading. M = identity (metadata).
    # S = structure (sheets, header, rows). V = values typed in the input cells.
    INTAKE_NOT_A_WORKBOOK = Message("F001", W, "Excel ブックではないファイル",
        "Excel ブックではないため読み飛ばしました（中身は{format}）。調査票であれば、配布した .xlsx に記入して送ってください。")
    INTAKE_ZIPPED = Message("F032", W, "ブックの入った ZIP 圧縮ファイル",
        "ZIP 圧縮ファイルで、中に{names}があります。{whose}ZIP の中は読まないので、この提出はまだ受け付けていません。"
        "ZIP を展開し（エクスプローラーで右クリック→［すべて展開］。ZIP の中の ZIP も展開します）、出てきたファイルを"
        "受信フォルダに入れて、もう一度 merge してください（この ZIP は受信フォルダの外に移してください）。")
    INTAKE_SAVED_MAIL = Message("F034", W, "ブックが添付されたメールを保存したファイル",
        "{kind}で、{mail}に{attached}。{whose}メールの中は読まないので、この提出はまだ受け付けていません{todo}"
        "（このメールのファイルは受信フォルダの外に移してください）。")
    INTAKE_SAVED_MAIL_NO_WORKBOOK = Message("F035", W, "ブックが添付されていないメールを保存したファイル",
        "{kind}で、{mail}には Excel ブックも ZIP も添付されていません（{others}）。受信フォルダには、メールではなく"
        "メールに添付された調査票を保存します。このファイルは受信フォルダの外に移してください（調査票が別のメールで"
        "届いていれば、その添付ファイルを受信フォルダに保存して、もう一度 merge します）。")
    INTAKE_OTHER_SPREADSHEET = Message("F002", E, "読めない形式の表計算ファイル",
        "このファイルは{format}です。読めるのは Excel ブック（.xlsx）だけです。Excel または LibreOffice で開き、"
        "「Excel ブック (*.xlsx)」形式で保存し直して送ってください。")
    INTAKE_RECORD_LOST = Message("F036", E, "調査票の記録が消えたブック",
        "{sheets}は配布した調査票のものですが、どの課・年度の調査票かを示す記録（文書のプロパティと、非表示の _meta シート）"
        "がありません。Google スプレッドシート・Numbers など Excel・LibreOffice Calc 以外のソフトで開いて保存するか、シートを"
        "新しいブックに移動・コピーすると、この記録が消えます。{whose}{what}を Excel か LibreOffice Calc で開いて{how}、"
        "「Excel ブック (*.xlsx)」形式で保存して送ってください。")
    INTAKE_REVIEW_RECORD_LOST = Message("F039", E, "推進室評価シートの記録が消えたブック",
        "シート「{sheet}」は merge が書いた推進室評価シートのものですが、どの年度の評価シートかを示す記録（文書のプロパティと、"
        "非表示の _meta シート）がありません。シートを新しいブックに移動・コピーするか、Excel・LibreOffice Calc 以外のソフトで"
        "開いて保存すると、この記録が消えます。このファイルは読んでいません。merge が出力フォルダに書いた「{name}」に記入し直して"
        "（このファイルから値を写してかまいません）、merge してください。")
    INTAKE_WRONG_CONTENT = Message("F003", E, "拡張子と中身が違う",
        "拡張子は {ext} ですが、中身は{format}です。調査票を Excel で開き、「Excel ブック (*.xlsx)」形式で保存し直して送ってください。")
    INTAKE_EMPTY_FILE = Message("F004", E, "空のファイル",
        "ファイルが空（0 バイト）です。調査票を保存し直してから送り直してください。")
    INTAKE_ENCRYPTED = Message("F005", E, "パスワード付きのファイル",
        "パスワードで保護（暗号化）されています。Excel の［ファイル］→［情報］→［ブックの保護］→"
        "［パスワードを使用して暗号化］でパスワードを消して保存し、送り直してください。")
    INTAKE_RIGHTS_MANAGED = Message("F033", E, "秘密度ラベルで暗号化されたファイル",
        "秘密度ラベル（または［アクセスの制限］）で暗号化されていて、推進室では中を読めません（パスワードは関係ありません）。"
        "Excel で開き、［ホーム］→［秘密度］で暗号化しないラベルを選ぶか、［ファイル］→［情報］→［ブックの保護］→"
        "［アクセスの制限］で制限を外して保存し、送り直してください（暗号化しないラベルを選べないときは、取りまとめ課に"
        "相談してください）。")
    INTAKE_CORRUPT = Message("F006", E, "壊れたファイル",
        "ファイルが壊れているか、途中までしかありません（{detail}）。{whose}元のファイルが Excel で開けるか確かめ、保存し直して送り直してください。")
    INTAKE_UNSAFE_XML = Message("F007", E, "安全でない XML",
        "ファイル内の {part} に安全でない XML（{detail}）があるため読みませんでした。配布した調査票に記入し直して送ってください。")
    INTAKE_FILE_TOO_LARGE = Message("F008", E, "ファイルが大きすぎる",
        "ファイルが大きすぎます（{size}、上限 {limit}）。{whose}画像などを貼り付けていないか確認し、不要なものを削除して保存し直してください。")
    INTAKE_TOO_MANY_PARTS = Message("F009", E, "ファイル内の部品が多すぎる",
        "ファイル内の部品の数が多すぎます（{count} 個、上限 {limit} 個）。配布した調査票に記入し直して送ってください。")
    INTAKE_UNCOMPRESSED_TOO_LARGE = Message("F010", E, "展開後のサイズが大きすぎる",
        "ファイルを展開すると大きすぎます（{size}、上限 {limit}）。不要なシートや画像を削除して保存し直してください。")
    INTAKE_INFLATE_RATIO = Message("F011", E, "圧縮率が異常（圧縮爆弾の疑い）",
        "ファイル内の {part} の圧縮率が異常です（{ratio} 倍、上限 {limit} 倍）。圧縮爆弾の可能性があるため読みませんでした。"
        "配布した調査票に記入し直して送ってください。")
    INTAKE_USED_RANGE_TOO_LARGE = Message("F012", E, "シートの使用範囲が広すぎる",
        "シートの使用範囲が広すぎます（{range}、{cells} セル、上限 {limit} セル）。離れたセル（{far}）に入力や書式がないか確認し、"
        "不要な行・列を削除して保存し直してください。")
    INTAKE_TIMEOUT = Message("F013", E, "読み込みが終わらない",
        "{seconds} 秒以内に読み込みが終わらなかったため中断しました（ほかのファイルは読みました）。保存し直して送り直すか、取りまとめ課に相談してください。")
    INTAKE_MEMORY = Message("F014", E, "読み込みのメモリ超過",
        "読み込みに必要なメモリが上限（{limit}）を超えたため中断しました（ほかのファイルは読みました）。不要な行・列・画像を削除して保存し直してください。")
    INTAKE_CRASH = Message("F015", E, "読み込み処理の異常終了",
        "読み込み処理が異常終了しました（{detail}）。このファイルだけを読み飛ばし、ほかのファイルは読みました。保存し直して送り直してください。")
    INTAKE_READ_ERROR = Message("F016", E, "ブックを読めない",
        "ブックを読めませんでした（{detail}）。Excel で開けるか確かめ、保存し直して送り直してください。")
    INTAKE_LOCK_FILE = Message("F017", W, "編集中の一時ファイル",
        "Excel・LibreOffice が編集中に作る一時ファイル（ロックファイル）なので無視しました。元の調査票は別のファイルです。")
    INTAKE_SYSTEM_FILE = Message("F018", W, "OS の管理用ファイル",
        "OS が作る管理用ファイル（{kind}）なので無視しました。")
    INTAKE_UNREADABLE = Message("F019", E, "ファイルを開けない",
        "ファイルを開けません（{detail}）。{whose}パスとアクセス権を確認し、ほかのプログラムが開いていれば閉じてから、もう一度実行"
        "してください（merge は次の実行で読み直します）。")
    INTAKE_INTERNAL = Message("F020", E, "読み込み処理の内部エラー",
        "このファイルの読み込み中に reform_xlsx の内部エラーが起きました（{detail}）。ほかのファイルは読みました。"
        "ツールの不具合の可能性があるため、このファイルをツールの担当者に送ってください。")
    INTAKE_DUPLICATE_PART = Message("F021", E, "ファイル内の部品名の重複",
        "ファイル内に同じ名前の部品（{part} など {count} 個）が重複しています。正しい Excel ブックではないため読みませんでした。"
        "配布した調査票に記入し直して送ってください。")
    INTAKE_CELL_TWICE = Message("F040", E, "同じセルが2回書かれたシート",
        "シートの中に同じセル（{cells}）が2回以上書かれています。Excel・LibreOffice とこのツールとで、そのセルに見える値と"
        "読み取る値が違うおそれがあるため、このシートは読みませんでした。Excel・LibreOffice 以外のソフトかツールでファイルを"
        "書き換えたと見られます。配布した調査票に記入し直し、Excel か LibreOffice で保存して送ってください。")
    INTAKE_CELL_AMBIGUOUS = Message("F041", E, "ソフトによって値が違って読めるセル",
        "セルの値が、ソフトによって違う値に読める書き方で書かれています（{detail}）。画面に見える値とこのツールが読み取る値が"
        "違うおそれがあるため、このシートは読みませんでした。Excel・LibreOffice 以外のソフトかツールでファイルを書き換えたと"
        "見られます。配布した調査票に記入し直し、Excel か LibreOffice で保存して送ってください。")
    INTAKE_CELL_SHOWN_OTHERWISE = Message("F042", E, "入力欄の表示形式で値と違うものが見える",
        "このセルは表示形式「{format}」のため、画面や印刷では{shown}が、セルの値は「{raw}」です。見えている内容と違う値を"
        "記録しないよう、このセルは読みませんでした。セルを選んで表示形式を「標準」（文章の欄は「文字列」）に戻し、"
        "値を確かめて送ってください。")
    INTAKE_CELL_SHOWN_CONDITIONALLY = Message("F043", E, "入力欄の条件付き書式で値が見えない",
        "このセルには条件付き書式（{rule}）があり、条件に当てはまると画面や印刷では{shown}が、セルの値は「{raw}」です。"
        "見えている内容と違う値を記録しないよう、このセルは読みませんでした。セルを選んで［ホーム］→［条件付き書式］→"
        "［ルールのクリア］→［選択したセルからルールをクリア］（LibreOffice は［書式］→［条件］→［管理］で削除）で"
        "条件付き書式を消し、値を確かめて送ってください。")
    INTAKE_CELL_UNSEEN_COLOUR = Message("F044", E, "入力欄の文字の色が背景と同じで値が見えない",
        "このセルは{colours}が同じか見分けられないほど近い色のため、画面や印刷では何も見えませんが、セルの値は「{raw}」です。"
        "見えていない値を記録しないよう、このセルは読みませんでした。セルを選んで文字の色を「自動」に、塗りつぶしを"
        "「塗りつぶしなし」に戻し、値を確かめて送ってください（消すつもりの値なら、セルの内容を消してください）。")
    INTAKE_NOT_REGULAR = Message("F022", W, "通常のファイルではない",
        "通常のファイルではなく{kind}なので読みませんでした。受信フォルダには返ってきたファイルだけを置いてください。")
    INTAKE_LINK_OUTSIDE = Message("F023", W, "受信フォルダの外へのリンク",
        "受信フォルダの外（{target}）を指すリンクなので読みませんでした。ファイルそのものを受信フォルダに置いてください。")
    INTAKE_OWN_OUTPUT = Message("F025", W, "このツールの出力",
        "merge が書いた {what}と内容がまったく同じなので読みませんでした。前の年度や別の出力先の出力が受信"
        "フォルダにあるときは、受信フォルダの外に移してください（差し戻しの写しが直されないまま送り返されたときは、課に"
        "記入をお願いしてください）。")
    INTAKE_BLANK_FORM = Message("F027", W, "配布用の調査票（未記入）",
        "templates が作ったままの配布用の調査票（{section}、{year}。未記入で、だれも保存していません）なので、提出として"
        "扱いませんでした。配布用の控えは受信フォルダの外に置いてください（課が受け取ったまま送り返したときは、記入して"
        "送るよう課にお願いしてください）。")
    INTAKE_OFFICE_BOOK = Message("F028", W, "このツールが作った推進室のファイル",
        "このツールが作った{what}なので、調査票としては読みませんでした。受信フォルダの外に置いてかまいません。")
    INTAKE_FOLDER_CLOSED = Message("F026", E, "フォルダの中を見られない",
        "フォルダの中を見られません（{detail}）。中のファイルは読んでいません。フォルダのアクセス権を確認してください"
        "（パスが長すぎるときは、フォルダを浅い場所に移すか名前を短くしてください）。")
    INTAKE_CHANGED_WHILE_READ = Message("F024", E, "読み込み中にファイルが書き換えられた",
        "読み込みの途中でファイルが書き換えられました（保存中・コピー中・同期中など）。{whose}書き終わってから、もう一度実行して"
        "ください（merge は次の実行で読み直します）。")
    INTAKE_ACCEPTED_OTHER_YEAR = Message("F029", W, "別の年度に受け付けたファイル",
        "{found}に{verdict}{what}です（{expected}の提出ではありません）。台帳に記録済みなので、読みませんでした。"
        "別の年度のファイルは受信フォルダの外に移してください。")
    INTAKE_OTHER_YEAR_DONE = Message("F030", W, "提出済みの課の別の年度の調査票",
        "{found}の調査票（{section}）です（今回集計するのは{expected}）。{done}の{expected}の提出は受け付け済みなので、"
        "差し戻しません（受信フォルダに紛れた、別の年度のファイルです）。{found}の提出であれば、受信フォルダから移して"
        " --year {short} で merge してください。")
    INTAKE_SENT_BACK_LATER_YEAR = Message("F031", W, "後の年度に差し戻した、この年度の調査票",
        "{year}の{what}ですが、{later}の merge で、{later}の提出として差し戻したファイルです（{later}の報告に{year}の"
        "調査票を使ったものとして）。{later}の回答が書かれているかもしれないので、{year}の回答を置き換えないよう、"
        "読みませんでした。{year}の訂正であれば、{section}に確かめてから{year}の調査票で送り直してもらってください"
        "（新しいファイルとして読みます）。")

    INTAKE_SHORTCUT = Message("F037", W, "ショートカット（ファイルそのものではない）",
        "{kind}で、調査票のファイルそのものではありません{target}。{whose}merge はショートカットの先を読まないので、この提出は"
        "まだ受け付けていません。{todo}（このショートカットは受信フォルダの外に移してください）。")
    INTAKE_UNPACKED_WORKBOOK = Message("F038", W, "Excel ブックを展開したフォルダ",
        "Excel ブック（.xlsx）を ZIP として展開してできた{what}です（{inside}部品 {count} 個は、調査票ではないので読みません"
        "でした{others}）。{whose}展開する前の .xlsx ファイルそのものを受信フォルダに保存して（見つからなければ課に送り直して"
        "もらって）、もう一度 merge してください（{these}は受信フォルダの外に移してください）。")

    INTAKE_NOT_OUR_TEMPLATE = Message("M001", E, "配布した調査票ではない",
        "配布した調査票の識別情報（文書プロパティ・_meta シート）がありません。別のブックに写した場合は、配布した調査票に記入し直して送ってください。")
    INTAKE_OTHER_PLAN = Message("M002", E, "別の計画の調査票",
        "別の計画（{found}）の調査票です。今回の計画は {expected} です。配布した調査票を使ってください。")
    INTAKE_OTHER_PLAN_VERSION = Message("M003", E, "計画の版が違う調査票",
        "計画の版 {found} の調査票です（現在の版は {expected}）。計画が改訂されたため、前の版の調査票は受け付けられません。"
        "現在の版の調査票で送り直してください。")
    INTAKE_OTHER_YEAR = Message("M004", E, "別の年度の調査票",
        "{found}の調査票です（今回集計するのは{expected}）。{expected}の調査票に記入して送ってください。")
    INTAKE_UNKNOWN_SECTION = Message("M005", E, "計画にない課の調査票",
        "課名「{section}」は計画の担当課にありません。{moved}配布した調査票を使ってください。")
    INTAKE_FORMAT_VERSION = Message("M006", E, "様式の版が違う",
        "様式の版 {found} の調査票は、このツール（様式の版 {expected}）では読めません。新しく配布した調査票を使ってください。")
    INTAKE_META_INCOMPLETE = Message("M007", E, "識別情報が欠けている",
        "識別情報の「{key}」が{problem}。配布した調査票に記入し直して送ってください。")
    INTAKE_META_CONFLICT = Message("M008", W, "識別情報の食い違い",
        "文書プロパティと _meta シートで「{key}」が違います（文書プロパティ: {props}、_meta シート: {meta_value}）。文書プロパティの値を使いました。")
    INTAKE_FORMER_SECTION = Message("M009", W, "組織改正前の課の調査票",
        "課「{section}」（計画の版 {version}）の調査票です。この課は{year}から {new} になったため、回答を {new} の回答として"
        "読みました。次からは {new} の調査票を使ってください。")
    INTAKE_OTHER_YEAR_NOT_ASKED = Message("M015", W, "この年度に調査票のない課の別の年度の調査票",
        "{found}の調査票（{section}）です（今回集計するのは{expected}）。{section}には{expected}の調査票はありません"
        "（{expected}に担当する{items}・KPI がない）ので、差し戻しません（受信フォルダに紛れた、別の年度のファイルです）。"
        "{found}の提出であれば、受信フォルダから移して --year {short} で merge してください。")
    INTAKE_ERROR_SHEET_NOTES = Message("M014", W, "差し戻しの写しのエラー一覧への書き込み",
        "差し戻しの写しの「{found}」シートに、写しを作ったときにはなかった書き込みが {count} か所あります（最初は {first}"
        "「{text}」）。このシートは読まないため、書き込みは回答として記録していません。取りまとめ課で書き込みを読み、回答に"
        "あたるもの（見込みの値であること、確定の時期など）は、調査票の入力欄（{inputs}）に書いてもらうよう課に依頼してください。")
    STATUS_UNOPENED_RETURN = Message("M010", W, "受信フォルダのメール・ZIP に入ったままの調査票",
        "{what}に、名前から{sections}の調査票と見られるファイルが入っています。merge はメール・ZIP の中を読まないので、"
        "この提出はまだ受け付けていません（{sections}は今の状況のままです）が、督促・再提出のお願いは送らないでください"
        "（status --remind は{sections}の下書きを作りません）。{todo}、もう一度 merge してください。{unknown}")
    STATUS_UNOPENED_UNKNOWN = Message("M011", W, "どの課のものか分からない、メール・ZIP の中のファイル",
        "{what}に、名前からはどの課のものか分からないファイルが入っています（merge はメール・ZIP の中を読みません）。"
        "督促はいつもどおり扱います（status --remind は下書きを作ります）。送る前に、この中に督促する課の調査票が"
        "ないか確かめてください。{todo}、もう一度 merge してください。")
    STATUS_UNREAD_RETURN = Message("M013", W, "受信フォルダにあるのに merge が読めていない調査票",
        "名前から{sections}の調査票と見られるファイルが受信フォルダにありますが、merge が読めていません（{code} {title}）。"
        "この提出はまだ受け付けていません（{sections}は今の状況のままです）が、課は送っているので、督促・再提出のお願いは"
        "送らないでください（status --remind は{sections}の下書きを作りません）。{todo}")
    STATUS_FORMER_NAME_FILE = Message("M012", W, "組織改正の前の課名で記録したままのファイル",
        "{section}の{fy}の調査票として、組織改正の前の課名「{old}」のファイル（{files}）を台帳に記録しています。課の名前を"
        "変えた計画の改訂を取り込む（plan import）前に merge したので、{section}はまだ未提出と表示していますが、ファイルは"
        "届いているので督促は送らないでください（status --remind は{section}の下書きを作りません）。受信フォルダにそのファイルを"
        "置いたまま、もう一度 merge すると、{section}のファイルとして読み直します（差し戻しなら{section}の要修正の写しを作ります）。")

    INTAKE_SHEET_MISSING = Message("S001", E, "シートがない",
        "シート「{expected}」がありません。配布した調査票のシートを削除せずに送ってください。")
    INTAKE_SHEET_RENAMED = Message("S002", E, "シート名が変わっている",
        "シート「{expected}」がありません。{found}は名前を変えたものではありませんか？シート名を「{expected}」に戻してください。")
    INTAKE_HEADER_MISSING = Message("S003", E, "見出し行がない",
        "見出し「{label}」の行が見つかりません。見出し行を削除したり書き換えたりしていないか確認し、元に戻してください。")
    INTAKE_COLUMN_MISSING = Message("S004", E, "入力列がない",
        "見出し「{label}」の列が見つかりません。{found}列を削除したり見出しを書き換えたりしていないか確認し、元に戻してください。")
    INTAKE_ROW_MISSING = Message("S005", E, "行がない",
        "{kind} {id}（{name}）の行がありません。行を削除した場合は元に戻してください。")
    INTAKE_ROW_DUPLICATE = Message("S006", E, "同じ ID の行が複数",
        "{kind} {id} の行が複数あります（{rows}）。1行にまとめ、ほかの行を削除してください。{typed}")
    INTAKE_ROW_UNKNOWN = Message("S007", E, "知らない ID の行",
        "ID「{id}」はこの課の{kind}にありません。ID を書き換えたり行を追加したりしていないか確認してください。{read_as}{typed}")
    INTAKE_INPUT_WITHOUT_ID = Message("S008", E, "ID のない行への入力",
        "ID のない行に入力があります（{label}）。この行は読めないので、ID のある行に入力してください。{typed}")
    INTAKE_RESPONDENT_OVER_LABEL = Message("S009", W, "回答者欄の見出しのセルへの入力",
        "回答者欄の「{label}」の見出しのセル {label_cell} に「{raw}」と入力されています（右の入力欄 {value_cell} は空欄）。"
        "{label}として読みました。次からは {value_cell} に入力してください。")
    INTAKE_COLUMN_ADDED = Message("S010", W, "調査票にない列への入力",
        "調査票にない {letter} 列{label}の入力は読んでいません（{cells}）。伝えたい内容は、その行の入力欄（{inputs}）に"
        "書いてください。")
    INTAKE_ROWS_ABOVE_HEADER = Message("S011", E, "見出し行より上にある行",
        "{kind}の行（{ids}）が、見出し行（{header} 行目）より上の {rows} 行目にあります。見出し行ごと並べ替えたのでは"
        "ありませんか？並べ替えを元に戻す（Ctrl+Z）か、見出し行を表の先頭（{first} 行目）に戻してください。")
    INTAKE_SHEET_RENAMED_READ = Message("S012", W, "シート名が変わっている（読みました）",
        "シート「{expected}」の名前が「{found}」に変わっていました。見出し行があったので、「{found}」を「{expected}」として"
        "読みました。次からはシート名を変えずに送ってください。")
    INTAKE_SHEET_COPY_BESIDE = Message("S013", W, "調査票のシートの写しがある",
        "シート「{found}」にも「{expected}」の見出し行がありますが、読んだのは「{expected}」だけです（「{found}」の入力は"
        "読んでいません）{hidden}。「{found}」に記入したのなら、その内容を「{expected}」に写して送り直してください。")

    INTAKE_MERGED_INPUT = Message("S014", E, "結合したセルへの入力",
        "セル {range} が結合されています（{what}）。結合したセルの値は左上の {first} にしかなく、ほかの行・列は空欄として"
        "読まれます。「セルを結合して中央揃え」などで結合を解除し、行ごとに入力し直してください。")
    INTAKE_NOT_COPIED_UNCHANGED = Message("S015", W, "差し戻しの写しで写せなかった入力が記入されていない",
        "差し戻しの写しの{place}は、送っていただいたファイルから写せなかった入力（{what}）を記入していただくために赤くし"
        "ましたが、写しに書いたときのまま送り返されました。その入力が必要なら、この調査票に記入して送り直してください"
        "（必要なければ、このままで構いません）。")
    INTAKE_MORE_ROWS = Message("S018", E, "ほかにも読めない行",
        "このシートには、このほかにも ID のない行への入力、またはこの課の{kind}にない ID の行が {count} 行あります（{first}～"
        "{last} 行目の間）。これらの行は読めません。行を追加・貼り付けていないか確認し、入力は ID のある行に書いてください。")
    INTAKE_MORE_COLUMNS_ADDED = Message("S017", W, "ほかにも調査票にない列への入力",
        "調査票にない列への入力が、このほかにも {count} 列（{first}～{last} 列の間、入力のあるセル {cells} 個）あります。"
        "読んでいません。伝えたい内容は、その行の入力欄に書いてください。")

    INTAKE_SHEET_ADDED = Message("S016", W, "調査票にないシートへの入力",
        "調査票にないシート「{found}」の入力（{cells} 個のセル）は読んでいません{hidden}。伝えたい内容は、調査票の入力欄"
        "（{inputs}）に書いてください。")

    INTAKE_GRADE_INVALID = Message("V001", E, "進捗状況が選択肢にない",
        "進捗状況「{raw}」{zero}は選択肢にありません。ドロップダウンの {choices} から選んでください。")
    INTAKE_REQUIRED_BLANK = Message("V002", E, "必須の入力が空欄",
        "{label}（{id}）が空欄です。入力してください{hint}。")
    INTAKE_NOT_A_NUMBER = Message("V003", E, "数値として読めない",
        "{label}「{raw}」を数値として読めません。数字で入力してください（例: {example}）。")
    INTAKE_OUT_OF_RANGE = Message("V004", E, "値が範囲外",
        "{label}「{raw}」は{rule}。値を確認して入力し直してください。")
    INTAKE_RATE_AS_POINTS = Message("V005", W, "割合を % の数として読んだ",
        "{label}「{raw}」を {percent}（{fraction}）として読みました。割合は 30% のように % を付けて入力してください。意図と違う場合は直してください。")
    INTAKE_YEN_INVALID = Message("V006", E, "財政効果額が円の整数でない",
        "{label}「{raw}」は 0 以上の整数（円）で入力してください（例: 1500000、150万円）。{hint}")
    INTAKE_COUNT_NOT_WHOLE = Message("V007", W, "件数が整数でない",
        "{label}「{raw}」が整数ではありません（単位 {unit}）。そのまま読みましたが、値を確認してください。")
    INTAKE_UNIT_MISMATCH = Message("V008", W, "単位が欄と違う",
        "{label}「{raw}」の単位「{unit}」は、この欄の単位（{expected}）と違います。{value} として読みました。意図と違う場合は直してください。")
    INTAKE_FORMULA_IN_INPUT = Message("V009", E, "入力欄に数式",
        "入力欄に数式（{formula}）があります。{advice}入力し直してください。")
    INTAKE_TEXT_TOO_LONG = Message("V010", E, "文字数が Excel の上限超え",
        "{length} 文字あり、Excel の1セルの上限（32,767 文字）を超えています。短くしてください。")
    INTAKE_LOCKED_CHANGED = Message("V011", W, "計画の内容が書き換えられている",
        "計画の内容（{label}）が書き換えられています。この欄は計画の値「{expected}」を使います。")
    INTAKE_CELL_ERROR = Message("V012", E, "入力欄がエラー値",
        "入力欄がエラー値（{raw}）になっています。値を直接入力し直してください。")
    INTAKE_VALUE_TOO_LARGE = Message("V013", E, "値が大きすぎる",
        "{label}「{raw}」は大きすぎます（{limit}まで）。桁を確認して入力し直してください。")
    # The checks an officer makes by eye (docs/intake.md, 「担当者が見て確かめること」).
    INTAKE_BEHIND_UNEXPLAINED = Message("V014", E, "遅れ・未着手の理由がない",
        "{id} は進捗状況が「{grade}」ですが、{label}が{state}です。遅れている理由と今後の対応を{label}に書いてください"
        "（{meeting}で取り上げる項目です）。")
    INTAKE_KPI_IMPLAUSIBLE = Message("V015", W, "KPI の値が計画の規模から外れている",
        "{label}「{raw}」は、この指標の基準値 {baseline}・目標値 {target} から大きく外れています（{rule}）。"
        "単位や桁（千・万）を確認してください。正しければそのままで構いません。")
    INTAKE_KPI_JUMP = Message("V016", W, "KPI が前年度から桁違いに変化",
        "{label}「{raw}」は前年度（{year}）の実績値 {previous} の{factor}です。桁や単位の誤りがないか確認してください。"
        "正しければ、算出根拠・備考に理由を書いてください。")
    INTAKE_KPI_AGAINST_TARGET = Message("V017", W, "KPI が目標と逆の方向に大きく変化",
        "{label}「{raw}」は前年度（{year}）の実績値 {previous} から、目標（{direction}）と逆の方向に {change} 動いています"
        "（計画の基準値から目標値までの幅 {span} の半分を超えます）。値を確認し、正しければ算出根拠・備考に理由を書いてください。")
    INTAKE_EFFECT_LARGE = Message("V018", W, "財政効果額が大きい",
        "{label}「{raw}」は{basis}。桁（千円単位ではなく円単位か）や、ほかの課と重ねて計上していないかを確認してください。"
        "正しければそのままで構いません。")
    INTAKE_RESPONDENT_BLANK = Message("V019", W, "回答者欄の担当者が空欄",
        "「取組状況」シート上の回答者欄の「{label}」が空欄です。問い合わせ先として、担当者の氏名{extra}を入力してください。")
    INTAKE_RESPONSE_BLANK = Message("V020", W, "意見への対応が空欄",
        "{id} の「意見への対応」が空欄です。前年度の二次評価・意見を受けて、どう対応したか（対応の内容・予定）を書いてください。")
    INTAKE_APPROXIMATE = Message("V021", W, "概数の言葉つきの数",
        "{label}「{raw}」を {value} として読みました（「{word}」を除いた数）。概数のままでよければそのままで構いません。"
        "正確な値が分かれば、数字だけを入力し直してください。")
    INTAKE_TEXT_CUT_AT_LIMIT = Message("V022", E, "文字数が Excel の上限ちょうど（保存で切れた）",
        "32,767 文字あり、Excel の1セルの上限ちょうどです。上限より長い文章は、ファイルを保存したときに 32,767 文字で"
        "切られ、それより後ろは残っていません。文章の最後を確認し、短くまとめて入力し直してください。")
    INTAKE_SHOWN_WITH_UNIT = Message("V023", W, "表示形式の単位で数が違って見える",
        "{label}のセルは表示形式で「{raw}」と表示されますが、セルの値は {stored} です。表示どおり {value} として"
        "読みました。表示形式を変えた（千円単位の表から貼り付けた、など）のではありませんか？意図と違う場合は直してください。")

    INTAKE_NUMBER_AS_DATE = Message("V024", E, "数値の欄が日付・時刻になっている",
        "{label}のセルは日付（時刻）の「{raw}」になっていて、数値として読めません。「1/2」「5/10」「4月1日」のように"
        "入力すると、Excel や LibreOffice が日付にします。数字だけで入力し直してください（例: {example}）。"
        "先頭に ' を付けて「'1/2」と入力しても読めません。")
    INTAKE_DATE_SERIAL = Message("V025", W, "日付の通し番号と同じ数",
        "{label}「{raw}」は、{date}を表す数（表計算ソフトの日付の通し番号）と同じです。「{typed}」のように入力して、"
        "表計算ソフトが日付に変えたのではありませんか？その場合は数字だけで入力し直してください（例: {example}）。"
        "正しい値ならそのままで構いません。")
    INTAKE_CELL_MALFORMED = Message("V026", E, "入力欄の中身が壊れている",
        "入力欄の中身が Excel の形式として正しくないため読めません（{detail}）。Excel か LibreOffice で開いて、"
        "値を入力し直してください。")

    INTAKE_CELL_RICH_VALUE = Message("V027", E, "入力欄が画像・データ型",
        "入力欄に{what}が入っていて、回答として読めません（回答はセルに入力した文字か数値で読みます）。{todo}してください。")
    INTAKE_TARGET_PASTED = Message("V028", E, "実績値に年度目標値を貼り付けた",
        "{label}「{raw}」は、この行の年度目標値（参考の按分の値。「※」はその列の表示です）を書式ごと貼り付けたもので、"
        "実績ではありません。［元に戻す］（Ctrl+Z）で貼り付けを取り消してから実績値を数字で入力するか、「※」の付いていない"
        "実績値のセルをコピーしてこのセルに貼り付けてから入力し直してください（「※」の書式のままでは、年度目標値と同じ数を"
        "入力してもこのエラーになります）。")
    INTAKE_FILL_SERIES = Message("V029", W, "1 ずつ増える（減る）並び（フィルハンドルで写した？）",
        "{label}「{raw}」は、{range} の {count} 行で{what}が{values}と 1 ずつ{way}いる並びの1つです。{source}を"
        "フィルハンドル（セルの右下の■）でドラッグしてほかの行に写すと、Excel や LibreOffice Calc は{what}を 1 ずつ変えて"
        "入力することがあります。そうして写したのであれば、この行の本当の値を入力し直してください（同じ値を入れるときは、コピーして"
        "貼り付けます）。正しい値ならそのままで構いません。")
    INTAKE_POINTS_ELSEWHERE = Message("V030", W, "文章の欄に「同上」「〃」「前年度と同じ」だけ",
        "{label}が「{raw}」だけです。この欄の文章は会議資料・公表用にそのまま載り、そこでは上の行は"
        "ほかの項目・KPI（ほかの課のこともあります）で、前年度の文章も並ばないため、「{raw}」では何を指すか伝わりません。"
        "前年度と同じ内容であれば、灰色の前年度の列の文章をコピーしてこのセルに貼り付け（上の行と同じなら、その行の文章を）、"
        "今年度の内容に直して入力し直してください。")

    # --- 連絡先 (the section directory) and e-mail drafts ------------------------------------------
    DIRECTORY_UNKNOWN_SECTION = Message("D001", W, "連絡先の課名が計画にない",
        "連絡先ファイルの課名「{section}」は計画の担当課にありません。この行は使いません。課名を計画どおりに直してください"
        "（担当課: {sections}）。")
    DIRECTORY_BAD_MAIL = Message("D002", W, "メールアドレスの形が正しくない",
        "{section}のメールアドレス「{mail}」は形が正しくありません（例: gyokaku@city.example.lg.jp）。この行のメールは使いません。")
    DIRECTORY_STRUCTURE = Message("D003", E, "連絡先ファイルの形が違う",
        "連絡先ファイルのシート「{sheet}」に見出し「{label}」の行がありません。reform-xlsx contacts で作ったファイルを使ってください。")
    MAIL_NO_ADDRESS = Message("D004", W, "宛先のない課",
        "{section}のメールアドレスが連絡先にないため、宛先が空の下書きを作りました。{reason}送る前に宛先を入れてください。")
    MAIL_BAD_RESPONDENT = Message("D005", W, "回答者欄のメールアドレスの形が正しくない",
        "{section}の調査票の回答者欄のメールアドレス「{mail}」は形が正しくない（または2つ以上ある）ため使わず、{instead}"
        "送る前に宛先を確かめてください。")
    MAIL_DRAFT_UNWRITABLE = Message("D006", W, "下書きを書けない",
        "{section}の下書き {file} を書けませんでした（{reason}）。この課の新しい下書きは作っていません。メールソフトで開いている・"
        "読み取り専用にしている場合は閉じるか解除して、同じ名前のフォルダがある場合は名前を変えてから、もう一度実行してください。")
    MAIL_DRAFT_KEPT = Message("D007", W, "手を加えた下書きを残した",
        "{section}の下書き {file} は、ツールが書いたあとに手を加えたもの（またはほかのソフトで保存したもの）なので、"
        "上書きせずに残しました（新しい下書きは作っていません。残した下書きの本文と添付ファイルは前に作ったときのままです）。"
        "ツールの下書きを作り直すときは、このファイルを"
        "別の名前にするか削除してから、もう一度実行してください。")
    DIRECTORY_SECOND_ROW = Message("D008", W, "同じ課の行が2つある",
        "連絡先ファイルに{section}の行が2つ以上あります。下書きの宛先には {used} 行目を使い（メールアドレスのある行を"
        "優先）、{row} 行目（{text}）は使っていません。使う行を1つにまとめ、ほかの行を削除してください。")
    MAIL_DRAFT_UNREMOVABLE = Message("D009", W, "送る必要のない下書きを削除できない",
        "{section}の下書き {file} は、もう送る必要がありません（その後に提出したなど）が、削除できませんでした（{reason}）。"
        "この下書きは送らないでください。メールソフトで開いている場合は閉じて、このファイルを手で削除してください。")
    MAIL_COPY_EDITED = Message("D010", W, "手を加えた要修正の写しを添付した",
        "{section}の要修正の写し {copy} は、merge が書いたあとに手を加えたもの（またはほかのソフトで保存したもの）です。"
        "merge はこれを上書きしないので、手を加えたままを再提出のお願いの下書きに添付しました。送る前に中身を確かめてください。"
        "課が直して送り返したファイルなら、この下書きは送らずに、そのファイルを受信フォルダに入れて merge してください。"
        "merge の写しを添付し直すときは、このファイルを別の名前にするか削除して merge を実行してから、もう一度実行してください。")
    MAIL_UNUSABLE_ADDRESS = Message("D011", W, "連絡先のメールアドレスが使えない課",
        "{section}の連絡先のメールアドレス「{mail}」は形が正しくない（D002）ため使えず、宛先が空の下書きを作りました。"
        "連絡先ファイルのメールアドレスを正しい形の1つに直してもう一度実行するか、送る前に宛先を入れてください。")
    MAIL_DRAFT_STALE_EDITED = Message("D012", W, "送る必要のない下書きに手を加えてある",
        "{section}の下書き {file} は、もう送る必要がありません（その後に提出したなど）が、ツールが書いたあとに手を加えたもの"
        "（またはほかのソフトで保存したもの）なので、削除せずに残しました。この下書きは送らないでください。"
        "要らなければ、このファイルを手で削除してください。")
    DIRECTORY_NO_MAIL_COLUMN = Message("D013", E, "連絡先ファイルにメールの列がない",
        "連絡先ファイルのシート「{sheet}」の見出し行（{row} 行目: {labels}）に「メール」の列がありません。このまま読むと"
        "どの課のメールアドレスも使えず（作り直すと消えてしまい）、宛先のない下書きになるので、読んでいません。"
        "メールアドレスを記入した列の見出しを「メール」にしてから、もう一度実行してください。")
    DIRECTORY_UNREADABLE = Message("D014", E, "連絡先ファイルとして読めない",
        "連絡先ファイルとして読めません: {reason}。{advice}")
    MAIL_ADDRESSES_KEPT = Message("D015", W, "連絡先（ファイル・課のメールアドレス）がなく前の下書きの宛先を使った",
        "{why}ため、{section}の下書き {file} は、前に作った同じ下書きの{which}を引き継いで"
        "作り直しました（本文・添付ファイルは今回のもの）。連絡先が変わっていれば、{advice}もう一度実行してください。")

    # --- the dates a command is given: 提出期限 (templates --deadline), 再提出期限 (merge/status --resubmit-by), the
    # meeting's date (merge/report --meeting-date) — the place is the option (``Problem.path``); T001 and T004 stop the
    # command (exit code 2) before anything is written.
    DUE_BEFORE_YEAR = Message("T001", E, "年度が始まる前の提出期限・再提出期限",
        "{what} {day}は、{fy}（{start}～）が始まる前の日付です。{fy}の取組の報告は年度が終わってから求めるので、"
        "{what}はふつう{year_after}（{western}年）の日付です{example}。年を確かめて、もう一度実行してください"
        "（{nothing}）。")
    DUE_BEFORE_TODAY = Message("T002", W, "今日より前の提出期限・再提出期限",
        "{what} {day}は今日（{today}）より前です。指定のまま{used}（期限を過ぎてから送り直すときなど）。"
        "打ち間違いなら、日付を確かめてもう一度実行してください。")
    DUE_ON_CLOSED_DAY = Message("T003", W, "閉庁日の提出期限・再提出期限",
        "{what} {day}は{reason}で、閉庁日です。指定のまま{used}。開庁日のつもりだったなら、日付を確かめて"
        "もう一度実行してください（省略時の再提出期限は、土日・祝日・年末年始にかかれば次の開庁日にします）。")
    MEETING_BEFORE_YEAR = Message("T004", E, "年度が始まる前の会議の開催日",
        "{what} {day}は、{fy}（{start}～）が始まる前の日付です。会議資料は{fy}の取組の状況をまとめたものなので、"
        "{what}はふつう年度が終わった後の{year_after}（{western}年）の日付です{example}。年を確かめて、もう一度実行して"
        "ください（{nothing}）。")
    MEETING_DURING_YEAR = Message("T005", W, "年度が終わる前の会議の開催日",
        "{what} {day}は、{fy}が終わる（{end}）前の日付です。会議資料は{fy}の取組の状況をまとめたものなので、"
        "{what}はふつう年度が終わった後の{year_after}（{western}年）の日付です{example}。指定のまま、会議資料・"
        "事務局用の表紙に「会議日 {shown}」と載せました。打ち間違いなら、--meeting-date に正しい日付を付けてもう一度実行してください。")

    DUE_PASSED_IN_DRAFT = Message("T006", W, "過ぎた再提出期限を再提出のお願いに書いた",
        "{sections}の再提出のお願いの下書きに、添付する要修正の写しのとおり再提出期限 {day}を書きましたが、今日（{today}）より前"
        "です。新しい期限で送るときは、--resubmit-by 日付 を付けてもう一度実行してください（要修正の写しと下書きの再提出期限を"
        "その日付に書き直します）。")
    MAIL_COPY_EDITED_NOT_REDATED = Message("T007", W, "手を加えた要修正の写しの再提出期限を書き直せない",
        "{section}の要修正の写し {copy} は、merge が書いたあとに手を加えたもの（またはほかのソフトで保存したもの）なので、"
        "再提出期限を {day}に書き直していません（写しの再提出期限: {says}）。期限の違う写しを添付しないよう、{section}の"
        "再提出のお願いの下書きは作っていません。写しのエラー一覧の再提出期限を {day}に直して保存するか、merge の写しを"
        "使うときは写しを別の名前にするか削除して merge を実行してから、もう一度実行してください。課が直して送り返した"
        "ファイルなら、受信フォルダに入れて merge してください。")
    YEAR_OUTSIDE_PLAN = Message("T008", E, "計画期間の外の年度",
        "{fy}は計画{plan}の期間（{period}）の外です。{advice}")
    FILES_OF_OTHER_YEAR = Message("T009", E, "読み込んだ調査票がすべて別の年度",
        "読み込んだ調査票はすべて{found}のものです（--year は{year}）。--year の指定を確かめてください（{found}の"
        "調査票の訂正なら --year {short}）。何も記録・作成していません。")
    RESUBMIT_BEFORE_DEADLINE = Message("T010", W, "提出期限より前の再提出期限",
        "{what} {day}は、{sections}より前です。差し戻した課も提出期限までは直せるので（省略時の再提出期限も提出期限より"
        "前にはしません）、再提出期限はふつう提出期限かその後の日付です。指定のまま{used}。打ち間違いなら、日付を確かめて"
        "もう一度実行してください。")

    # --- 推進室評価シート: the office's and the meetings' word, read back by merge -----------------
    REVIEW_GRADE_INVALID = Message("A001", E, "推進室評価が段階にない",
        "推進室評価「{raw}」{zero}は進捗状況の段階にありません。ドロップダウンの {choices} から選んでください。")
    REVIEW_ROW_UNKNOWN = Message("A002", E, "評価シートに知らない行",
        "評価シートの行（ID「{id}」・担当課「{section}」）は{year}の{item}と担当課の組にありません。"
        "行を追加したり ID・担当課を書き換えたりしていないか確認し、merge が作った評価シートに記入し直してください。")
    REVIEW_STRUCTURE = Message("A003", E, "評価シートの形が違う",
        "評価シートの{what}が見つかりません。merge が作った「{sheet}」シートを、シート名・見出しを変えずに使ってください。")
    REVIEW_DIFFERS_UNEXPLAINED = Message("A004", W, "二次評価の理由がない",
        "{id}（{section}）の推進室評価「{review}」が課の自己評価「{grade}」と違いますが、推進室コメントが空欄です。"
        "違う理由を推進室コメントに書いてください（会議資料で自己評価と並べて示します）。")
    REVIEW_STALE = Message("A005", W, "評価シートの作成後に課の回答が変わった",
        "{id}（{section}）の課の進捗状況は、評価シートでは「{sheet_grade}」でしたが、いまの回答は「{grade}」です"
        "（評価シートの作成後に受理した課のファイルの回答です）。この行に記入した推進室評価・意見を見直してください。")
    REVIEW_ROW_TWICE = Message("A006", E, "評価シートに同じ行が2つ",
        "評価シートの行（ID「{id}」・担当課「{section}」）が2つあります（前の行 {first}）。行をコピーしていないか確認し、"
        "どちらかにまとめて、merge が作った評価シートの形に戻してください。")
    REVIEW_ROWS_MISSING = Message("A007", E, "評価シートに行がない",
        "評価シートに {rows} の行がありません。評価シートは最も新しいもの1つで評価全体を置き換えるため、このまま読むと"
        "これらの行に記録した推進室評価・意見・対応方針が消えてしまうので、読み込んでいません（記録した評価はそのままです）。"
        "行を削除した場合は元に戻すか、merge が出力フォルダに作った評価シート（記録した内容が記入済み）に記入し直して"
        "ください（ある行の評価を消すときは、行を残して欄を空欄にしてください）。")
    REVIEW_ROWS_ABOVE_HEADER = Message("A008", E, "評価シートの見出し行より上にある行",
        "評価シートの行（{ids}）が、見出し行（{header} 行目）より上の {rows} 行目にあります。見出し行ごと並べ替えたのでは"
        "ありませんか？並べ替えを元に戻す（Ctrl+Z）か、見出し行を表の先頭（{first} 行目）に戻してください。")
    REVIEW_MORE_ROWS = Message("A009", E, "評価シートにほかにも読めない行",
        "評価シートには、このほかにも{item}と担当課の組にない行、または同じ行の2つ目が {count} 行あります（{first}～{last} "
        "行目の間）。行を追加・コピーしていないか確認し、merge が作った評価シートに記入し直してください。")
    REVIEW_OLDER_COPY = Message("A010", E, "評価シートが記録済みの評価より前のもの",
        "この評価シートは、{newer} を記録する前に merge が作ったもので、{newer} で記録した {cells} が空欄です"
        "（同じ評価シートの写しに別々に記入したのではありませんか？）。評価シートは最も新しいもの1つで評価全体を"
        "置き換えるため、このまま読むとそれらが消えてしまうので、読み込んでいません（記録した評価はそのままです）。"
        "merge が出力フォルダに作った最新の評価シート（記録した内容が記入済み）に、この評価シートで記入したものを書き写して"
        "ください（消すつもりの欄は、最新の評価シートで空欄にしてください）。")
    REVIEW_ENDED_ROW_WORD = Message("A011", W, "評価シートの終了した項目の行への記入",
        "評価シートの {id}（{section}）は{ended}で終了した{item}の行で、前年度の意見への課の対応を示すだけの行です"
        "（{fy}の取組はないため、推進室評価・意見・対応方針は記入しません）。この行に記入した「{raw}」は読んでいません"
        "{read}。")
    REVIEW_INPUT_WITHOUT_ID = Message("A012", W, "評価シートの ID のない行への記入",
        "評価シートの {row} 行目には ID がありませんが、{label}に「{raw}」と記入されています。どの{item}・担当課の行か"
        "分からないので、この記入は読んでいません{read}。行を挿入して書いたのなら、その{item}の行"
        "（ID と担当課のある行）の欄に書き写して、もう一度 merge で読ませてください。{more}")
    REVIEW_OTHER_SHEET = Message("A013", W, "評価シートのほかのシートへの入力",
        "評価シートのシート「{found}」{hidden}には、シート「{name}」にない値のセルが {cells} 個ありますが、読むのはシート「{name}」だけです（この"
        "シートの記入は読んでいません）。シートをコピーして記入したのであれば、その記入をシート「{name}」の各行に書き写して"
        "（またはシート「{name}」を削除し、記入したシートの名前を「{name}」にして）、もう一度 merge で読ませてください。")

    # --- the place a command works in: the ledger, the disk, the files it writes (reform_xlsx.cli) ----------
    # A command that cannot go on says one of these (exit code 2): ``--json`` gives the code as ``"code"`` beside
    # ``"error"``, standard error as 「[E003 エラー] …」. The text names the file and says what to do; the
    # templates are its usual form (the ledger's own words come from reform_xlsx.ledger.store).
    ENV_LEDGER_DAMAGED = Message("E001", E, "受付台帳が壊れている・台帳ではない",
        "受付台帳 {ledger} は reform-xlsx の台帳ではないか、壊れています。このファイルは変更していません。--db で正しい"
        "台帳を指定するか、バックアップから台帳を戻すか、壊れた台帳は別の名前に変えて保管し、新しい台帳で merge を"
        "やり直してください（受け付けたファイルの原本は保管庫に残っています）。")
    ENV_LEDGER_BUSY = Message("E002", E, "受付台帳が使用中",
        "受付台帳 {ledger} は、ほかのプログラム（別の reform-xlsx の merge など）が使用中です。終わるのを待ってから、"
        "もう一度実行してください。")
    ENV_DISK_FULL = Message("E003", E, "ディスクがいっぱい",
        "ディスクがいっぱいで{what}を書き込めません。空きを作ってから、もう一度実行してください。")
    ENV_NOT_WRITABLE = Message("E004", E, "ファイル・フォルダに書き込めない（読み取り専用・権限・ほかのプログラムが開いている）",
        "{what}を読み書きできません（権限がないか、Excel などで開かれています）。Excel で開いている場合は閉じてから、"
        "もう一度実行してください。")
    ENV_PATH_UNUSABLE = Message("E005", E, "ファイル・フォルダの場所が使えない",
        "{what}は{reason}。指定したパスを確かめてください。")
    ENV_IO_FAILED = Message("E006", E, "読み書きの失敗（ディスク・ネットワーク）",
        "{what}の読み書きの途中で、ディスクかネットワークとのやりとりに失敗しました。ドライブや共有フォルダに"
        "つながっているか確かめてから、もう一度実行してください。")
    ENV_MEMORY = Message("E007", E, "メモリ不足",
        "メモリが足りなくなりました。ほかのプログラムを閉じてから、もう一度実行してください。")
    ENV_LEDGER_NEWER = Message("E008", E, "新しい版の reform-xlsx の台帳",
        "受付台帳 {ledger} は、新しい版の reform-xlsx で作られています（台帳の版 {version}）。このファイルは変更して"
        "いません。reform-xlsx を新しい版にしてから、もう一度実行してください。")

    # --- the files a command writes (reform_xlsx.outputs): said on standard error when the command ends -----------
    OUTPUT_PATH_TOO_LONG_FOR_EXCEL = Message("O001", W, "Excel で開けない長いパス",
        "パス全体が {length} 文字あり、Excel では開けません（Excel で開いたり保存したりできるのはパス全体で {limit} 文字"
        "まで）。ファイルはできています。{option}をもっと浅い場所か短い名前のフォルダにして（パスをあと {excess} 文字以上"
        "短く）もう一度実行するか、ファイルをパスの短いフォルダに移してから開いてください。")
    FORM_LEFT_OVER = Message("O002", W, "出力先に残っている、この年度には作らない課の調査票",
        "前に作った{year}の{section}の調査票です。いまの計画（版 {version}）では{year}に{section}の調査票を作らないため"
        "（計画の改訂や組織改正で課名が変わった、担当する{item}・KPI がなくなった など）、作り直していません。"
        "ほかの調査票と一緒に配らないよう、出力先から移すか削除してください。"
        "すでに配ったときは、{section}に使わないよう伝えてください。")


ALL_MESSAGES: tuple[Msg, ...] = tuple(Msg)

# What V009 tells a section to do ({advice}, before 「入力し直してください」): type a value for a formula; for a
# sentence the spreadsheet took for one (「=次年度は30手続」, Excel's 「+FAQを公開」), drop the sign it began with
# (:func:`~reform_xlsx.intake.normalise.formula_advice`).
FORMULA_ADVICE = "数式ではなく値を直接"
SENTENCE_ADVICE = "「{sign}」で始めた文章は、Excel・LibreOffice が数式にします。先頭の「{sign}」を除いて、文章を"
# Beside a grade that is the number 0 (V001, A001: ``{zero}``): where it came from (intake.normalise.typed_zero)
CALC_ZERO = "（「〇」を入力すると、LibreOffice Calc ではセルに数字の 0 が入ります）"


# Problems the section fixes in the file it sent, by saving it again (as .xlsx, without its password, without the
# far cell or picture that made it too large …): its answers are all there, so nothing is to be typed again.
RESAVE_CODES = frozenset({"F002", "F003", "F004", "F005", "F006", "F008", "F010", "F012", "F013", "F014", "F015",
                          "F016", "F033"})

# A return a section sent that merge could not read yet, for reasons not of the section's making or that pass (open in
# Excel on another PC, still being copied, a shortcut or an unpacked folder saved in place of the file, over the size
# cap): the file's name says whose it is (``{whose}``), and ``status --remind`` sends that section no 督促 (M013).
UNREAD_RETURN_CODES = frozenset({"F006", "F008", "F019", "F024", "F037", "F038"})

# The office's own 推進室評価シート is no section's 調査票: the identity and format codes it can get say so in its
# words (same code, same meaning; what to do differs: merge makes the sheet, nobody sends it). ``{sheet}`` is the
# file name of the sheet merge writes for the year being merged.
REVIEW_WORDING: dict[Msg, str] = {
    Msg.INTAKE_OTHER_YEAR:
        "{found}の推進室評価シートです（今回集計するのは{expected}）。{expected}の評価シートは merge が出力フォルダに"
        "作ります（{sheet}）。{expected}の評価はそちらに記入してください。このファイルは受信フォルダから外し、"
        "--review でも指定しないでください（直しても{expected}の評価としては読みません）。",
    Msg.INTAKE_OTHER_PLAN_VERSION:
        "計画の版 {found} で作った推進室評価シートです（現在の版は {expected}）。計画の改訂で行が変わることがあるため、"
        "このシートは読みません。改訂後の版で merge が出力フォルダに新しく作った評価シート（{sheet}。記録済みの評価は"
        "記入してあります）に評価を記入し直して読ませ、このファイルは受信フォルダから外してください。",
    Msg.INTAKE_OTHER_SPREADSHEET:
        "この推進室評価シートは{format}です。読めるのは Excel ブック（.xlsx）だけです。Excel または LibreOffice で開き、"
        "「Excel ブック (*.xlsx)」形式で保存し直してから、もう一度 merge で読ませてください（受信フォルダに置くか、"
        "--review で指定する）。",
    Msg.INTAKE_WRONG_CONTENT:
        "拡張子は {ext} ですが、中身は{format}です。推進室評価シートを Excel で開き、「Excel ブック (*.xlsx)」形式で"
        "保存し直してから、もう一度 merge で読ませてください。",
    Msg.INTAKE_CELL_SHOWN_OTHERWISE:
        "このセルは表示形式「{format}」のため、画面や印刷では{shown}が、セルの値は「{raw}」です。見えている内容と違う値を"
        "記録しないよう、このセルは読みませんでした。セルを選んで表示形式を「標準」に戻し、値を確かめてから、もう一度 merge で"
        "読ませてください。",
    Msg.INTAKE_CELL_SHOWN_CONDITIONALLY:
        "このセルには条件付き書式（{rule}）があり、条件に当てはまると画面や印刷では{shown}が、セルの値は「{raw}」です。"
        "見えている内容と違う値を記録しないよう、このセルは読みませんでした。［ホーム］→［条件付き書式］→［ルールのクリア］で"
        "条件付き書式を消し、値を確かめてから、もう一度 merge で読ませてください。",
    Msg.INTAKE_CELL_UNSEEN_COLOUR:
        "このセルは{colours}が同じか見分けられないほど近い色のため、画面や印刷では何も見えませんが、セルの値は「{raw}」です。"
        "見えていない値を記録しないよう、このセルは読みませんでした。文字の色を「自動」に、塗りつぶしを「塗りつぶしなし」に"
        "戻し、値を確かめてから、もう一度 merge で読ませてください。",
    Msg.INTAKE_POINTS_ELSEWHERE:
        "{label}が「{raw}」だけです。この欄の文章は{printed}にそのまま載りますが、そこではこの行だけが載るか、上の行は"
        "ほかの{item}・ほかの課の行なので、「{raw}」では何を指すか伝わりません。上の行と同じ内容であれば、その行の文章を"
        "コピーしてこのセルに貼り付け（前年度と同じなら、前年度の評価シートの文章を）、この行の{item}・担当課に合わせて"
        "直してから、もう一度 merge で読ませてください。",
}


def review_worded(found: Problem, sheet: str) -> Problem:
    """``found`` as said of a 推進室評価シート (:data:`REVIEW_WORDING`; ``sheet``: the file name of the sheet merge
    writes this year); any other problem as it is."""
    template = next((t for m, t in REVIEW_WORDING.items() if m.value.code == found.code), None)
    if template is None:
        return found
    return replace(found, message=template.format(**found.extra, sheet=visible(sheet)))


_REEXPORT = ("plan export で計画マスターを書き出し直し、直した内容を入れ直してから、もう一度 plan import を"
             "実行してください。")
_REEXPORT_IF = "（Excel で開けないときは、plan export で計画マスターを書き出し直し、直した内容を入れ直してください）"
# The office's own 計画マスター (plan export's workbook, read back by plan import) is no 調査票 and is sent to nobody:
# the file codes it can get say so in its words (same code, same meaning, what to do differs).
MASTER_WORDING: dict[Msg, str] = {
    Msg.INTAKE_CELL_SHOWN_OTHERWISE:
        "計画マスターのこのセルは表示形式「{format}」のため、画面や印刷では{shown}が、セルの値は「{raw}」です。見えている内容と"
        "違う値を計画に取り込まないよう、このセルは読みませんでした。セルを選んで表示形式を「標準」に戻し、値を確かめてから、もう一度"
        " plan import を実行してください。",
    Msg.INTAKE_CELL_SHOWN_CONDITIONALLY:
        "計画マスターのこのセルには条件付き書式（{rule}）があり、条件に当てはまると画面や印刷では{shown}が、セルの値は「{raw}」"
        "です。見えている内容と違う値を計画に取り込まないよう、このセルは読みませんでした。［ホーム］→［条件付き書式］→"
        "［ルールのクリア］で条件付き書式を消し、値を確かめてから、もう一度 plan import を実行してください。",
    Msg.INTAKE_CELL_UNSEEN_COLOUR:
        "計画マスターのこのセルは{colours}が同じか見分けられないほど近い色のため、画面や印刷では何も見えませんが、セルの値は"
        "「{raw}」です。見えていない値を計画に取り込まないよう、このセルは読みませんでした。文字の色を「自動」に、塗りつぶしを"
        "「塗りつぶしなし」に戻し、値を確かめてから、もう一度 plan import を実行してください。",
    Msg.INTAKE_OTHER_SPREADSHEET:
        "この計画マスターは{format}です。読めるのは Excel ブック（.xlsx）だけです。Excel または LibreOffice で開き、"
        "「Excel ブック (*.xlsx)」形式で保存し直してから、もう一度 plan import を実行してください。",
    Msg.INTAKE_WRONG_CONTENT:
        "拡張子は {ext} ですが、中身は{format}です。計画マスターを Excel で開き、「Excel ブック (*.xlsx)」形式で"
        "保存し直してから、もう一度 plan import を実行してください" + _REEXPORT_IF + "。",
    Msg.INTAKE_EMPTY_FILE:
        "ファイルが空（0 バイト）です。計画マスターを保存し直して（保存したものがないときは、plan export で書き出し直し、"
        "直した内容を入れ直して）から、もう一度 plan import を実行してください。",
    Msg.INTAKE_ENCRYPTED:
        "パスワードで保護（暗号化）されています。計画マスターを Excel で開き、［ファイル］→［情報］→［ブックの保護］→"
        "［パスワードを使用して暗号化］でパスワードを消して保存してから、もう一度 plan import を実行してください。",
    Msg.INTAKE_RIGHTS_MANAGED:
        "秘密度ラベル（または［アクセスの制限］）で暗号化されていて、中を読めません（パスワードは関係ありません）。"
        "計画マスターを Excel で開き、［ホーム］→［秘密度］で暗号化しないラベルを選ぶか、［ファイル］→［情報］→"
        "［ブックの保護］→［アクセスの制限］で制限を外して保存してから、もう一度 plan import を実行してください。",
    Msg.INTAKE_CORRUPT:
        "ファイルが壊れているか、途中までしかありません（{detail}）。計画マスターが Excel で開けるか確かめ、保存し直して"
        "から、もう一度 plan import を実行してください" + _REEXPORT_IF + "。",
    Msg.INTAKE_UNSAFE_XML: "ファイル内の {part} に安全でない XML（{detail}）があるため読みませんでした。" + _REEXPORT,
    Msg.INTAKE_FILE_TOO_LARGE:
        "ファイルが大きすぎます（{size}、上限 {limit}）。計画マスターに画像などを貼り付けていないか確認し、不要なものを"
        "削除して保存し直してから、もう一度 plan import を実行してください。",
    Msg.INTAKE_TOO_MANY_PARTS: "ファイル内の部品の数が多すぎます（{count} 個、上限 {limit} 個）。" + _REEXPORT,
    Msg.INTAKE_UNCOMPRESSED_TOO_LARGE:
        "ファイルを展開すると大きすぎます（{size}、上限 {limit}）。計画マスターの不要なシートや画像を削除して保存し直して"
        "から、もう一度 plan import を実行してください。",
    Msg.INTAKE_INFLATE_RATIO:
        "ファイル内の {part} の圧縮率が異常です（{ratio} 倍、上限 {limit} 倍）。圧縮爆弾の可能性があるため読みません"
        "でした。" + _REEXPORT,
    Msg.INTAKE_USED_RANGE_TOO_LARGE:
        "シートの使用範囲が広すぎます（{range}、{cells} セル、上限 {limit} セル）。計画マスターの離れたセル（{far}）に"
        "入力や書式がないか確認し、不要な行・列を削除して保存し直してから、もう一度 plan import を実行してください。",
    Msg.INTAKE_CELL_TWICE:
        "シートの中に同じセル（{cells}）が2回以上書かれています。Excel・LibreOffice とこのツールとで、そのセルに見える値と"
        "読み取る値が違うおそれがあるため、このシートは読みませんでした。" + _REEXPORT,
    Msg.INTAKE_CELL_AMBIGUOUS:
        "セルの値が、ソフトによって違う値に読める書き方で書かれています（{detail}）。画面に見える値とこのツールが読み取る値が"
        "違うおそれがあるため、このシートは読みませんでした。" + _REEXPORT,
    Msg.INTAKE_TIMEOUT:
        "{seconds} 秒以内に読み込みが終わらなかったため中断しました。計画マスターを Excel で保存し直してから、もう一度 "
        "plan import を実行してください。",
    Msg.INTAKE_MEMORY:
        "読み込みに必要なメモリが上限（{limit}）を超えたため中断しました。計画マスターの不要な行・列・画像を削除して"
        "保存し直してから、もう一度 plan import を実行してください。",
    Msg.INTAKE_CRASH:
        "読み込み処理が異常終了しました（{detail}）。計画マスターを Excel で保存し直してから、もう一度 plan import を"
        "実行してください。",
    Msg.INTAKE_READ_ERROR:
        "ブックを読めませんでした（{detail}）。計画マスターが Excel で開けるか確かめ、保存し直してから、もう一度 "
        "plan import を実行してください" + _REEXPORT_IF + "。",
    Msg.INTAKE_UNREADABLE:
        "計画マスターを開けません（{detail}）。パスとアクセス権を確かめてから、もう一度 plan import を実行してください。",
    Msg.INTAKE_INTERNAL:
        "計画マスターの読み込み中に reform_xlsx の内部エラーが起きました（{detail}）。ツールの不具合の可能性があるため、"
        "この計画マスターを添えてツールの担当者に相談してください。",
    Msg.INTAKE_DUPLICATE_PART:
        "ファイル内に同じ名前の部品（{part} など {count} 個）が重複しています。正しい Excel ブックではないため読みません"
        "でした。" + _REEXPORT,
    Msg.INTAKE_NOT_REGULAR:
        "通常のファイルではなく{kind}なので読みませんでした。plan import には計画マスターのファイルそのものを指定して"
        "ください。",
    Msg.INTAKE_CHANGED_WHILE_READ:
        "読み込みの途中でファイルが書き換えられました（保存中・コピー中・同期中など）。計画マスターを書き終わってから、"
        "もう一度 plan import を実行してください。",
}


def _params_of(found: Problem, msg: Msg) -> dict | None:
    """The values ``found``'s message was made with: its ``extra``, or — for a problem that came back from a worker
    (:meth:`Problem.from_dict` keeps the message, not the values) — read back from the message by the template."""
    names = [n for _t, n, _f, _c in string.Formatter().parse(msg.value.template) if n]
    if set(names) <= set(found.extra) | {"file", "sheet", "cell"}:
        return dict(found.extra)
    pattern, seen = "", set()
    for text, name, _f, _c in string.Formatter().parse(msg.value.template):
        pattern += re.escape(text)
        if name:
            pattern += f"(?P={name})" if name in seen else f"(?P<{name}>.*?)"
            seen.add(name)
    match = re.fullmatch(pattern, found.message, re.S)
    return match.groupdict() if match else None


def said_again(found: Problem, **params: object) -> Problem:
    """``found`` (a problem of the catalogue) said again with ``params`` in place of the values it was made with — also
    of a problem that came back from a worker (its values read back from its message); ``found`` as it is when they
    cannot be."""
    msg = next((m for m in Msg if m.value.code == found.code), None)
    known = _params_of(found, msg) if msg is not None else None
    if known is None:
        return found
    return problem(msg, file=found.file, sheet=found.sheet, cell=found.cell, path=found.path, line=found.line,
                   row_id=found.row_id, column=found.column, **{**known, **params})


def master_worded(found: Problem) -> Problem:
    """``found`` as said of the 計画マスター (:data:`MASTER_WORDING`); any other problem as it is."""
    msg = next((m for m in MASTER_WORDING if m.value.code == found.code), None)
    params = _params_of(found, msg) if msg is not None else None
    if params is None:
        return found
    return replace(found, message=MASTER_WORDING[msg].format(**params))


@dataclass(frozen=True)
class Problem:
    """One reported problem: what (code, message) and where (file, sheet, cell / key path, line)."""

    code: str
    severity: Severity
    message: str
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    path: str | None = None  # key path in a plan file, e.g. kpis[3].owner
    line: int | None = None
    row_id: str | None = None  # the row's ID (1-1-3, K03) where the problem is at a row of a data sheet
    column: str | None = None  # that column's key (grade, actual …), so a fresh copy can mark it
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def location(self) -> str:
        """Japanese location text: 「ファイル名 / シート / セル」 or 「キー（n行目）」."""
        parts = [p for p in (self.file, self.sheet, self.cell) if p]
        if self.path:
            parts.append(self.path)
        text = " / ".join(parts)
        if self.line:
            text += f"（{self.line}行目）"
        return text

    def to_dict(self) -> dict:
        data = {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "message": self.message,
        }
        if self.path is not None:
            data["path"] = self.path
        if self.line is not None:
            data["line"] = self.line
        if self.row_id is not None:
            data["row_id"], data["column"] = self.row_id, self.column
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Problem:
        """The problem :meth:`to_dict` wrote (as the ledger stores it)."""
        return cls(code=data["code"], severity=Severity(data["severity"]), message=data["message"],
                   file=data.get("file"), sheet=data.get("sheet"), cell=data.get("cell"),
                   path=data.get("path"), line=data.get("line"), row_id=data.get("row_id"),
                   column=data.get("column"))


# control characters, and the format characters that reorder or break a line (a value typed with U+202E would show
# a message's words in another order)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def visible(text: str | None) -> str | None:
    """``text`` with control characters shown as ``<0x07>`` (and U+202E as ``<0x202E>``): a message never carries
    one into a terminal, a workbook or XML (a section can type ``_x0007_`` into a cell)."""
    return _CONTROL.sub(lambda m: f"<0x{ord(m.group()):02X}>", text) if isinstance(text, str) else text


def problem(msg: Msg, *, file: str | None = None, sheet: str | None = None,
            cell: str | None = None, path: str | None = None, line: int | None = None,
            row_id: str | None = None, column: str | None = None, **params: object) -> Problem:
    """Build a :class:`Problem` from the catalogue, filling the message template."""
    m = msg.value
    file, sheet, cell = visible(file), visible(sheet), visible(cell)
    params = {k: visible(v) for k, v in params.items()}
    return Problem(code=m.code, severity=m.severity, message=m.template.format(file=file, sheet=sheet, cell=cell, **params),
                   file=file, sheet=sheet, cell=cell, path=path, line=line, row_id=row_id, column=column,
                   extra=dict(params))


# --- the catalogue as a document (docs/messages.md) ---------------------------------------
CATALOGUE_GROUPS = {
    "P": "計画ファイル・計画マスター（P）", "C": "設定ファイル reform-xlsx.toml（C）", "R": "会議資料（R）",
    "L": "受付台帳：重複・再提出・台帳の計画と改訂（L）",
    "F": "ファイル・形式・安全性（F）", "M": "識別情報：どの調査票か（M）", "S": "シート・見出し・行の構成（S）",
    "V": "入力値（V）", "A": "推進室評価シート（A）", "D": "連絡先・メールの下書き（D）",
    "T": "提出期限・再提出期限・会議の開催日・年度（T）",
    "E": "実行環境：台帳・ディスク・ファイルの読み書き（E）",
    "O": "作ったファイル（O）",
}

# Said under a group's table in docs/messages.md.
CATALOGUE_NOTES = {
    "O": ["コマンドが終わるときに標準エラー出力に「[O001 警告] ファイルのパス: …」のように示します（終了コードは変わりません。"
          "`merge --json`・`report --json` では `output_issues` にも入れます）。"
          "対象は Excel で開くファイル（.xlsx・.csv）です。パスの文字数は、ドライブ（または `\\\\サーバー\\共有`）から拡張子までを数えます。",
          "O002 は `templates` が、同じ出力先に前に作ったこの年度の調査票のうち、いまの計画ではこの年度に作らない課のもの"
          "（台帳に記録した、作ったときのままのファイル）を「調査票の警告:」の下に示します。ファイルは消しません。"],
    "E": ["コマンドが続けられずに止まったとき（終了コード 2）のコードです。`--json` では `{\"exit_code\": 2, \"code\": \"E003\", "
          "\"error\": \"…\", \"problems\": []}` の `code`、標準エラー出力では「reform-xlsx: [E003 エラー] …」のように示します。",
          "メッセージは場面に合わせて、使えなかったファイル（台帳・出力）の名前と、すべきことを示します（表はその主な形です）。",
          "引数の誤りなど、ここにない理由で止まったときは `code` を付けません。"],
    "T": ["コマンドに指定した日付（`templates --deadline` の提出期限、`merge`・`status` の `--resubmit-by` の再提出期限、"
          "`merge`・`report` の `--meeting-date` の会議の開催日）のコードです。場所は指定したオプション（`--json` の `path`）です。",
          "T001・T004 はコマンドを止めます（終了コード 2。調査票も下書きも会議資料も作らず、台帳にも記録しません）。`--json` では "
          "`{\"exit_code\": 2, \"error\": \"…\", \"problems\": [T001]}` です。T002・T003・T005 は標準エラー出力に示して、指定のまま続けます"
          "（閉庁日は土曜日・日曜日・祝日（振替休日・国民の休日を含む）と年末年始の12月29日～1月3日）。",
          "T006 は `status --remind` が `--resubmit-by` なしで、要修正の写しにある再提出期限（`merge`・`status` の `--resubmit-by` で"
          "決めた日付、または省略時の日付）を再提出のお願いの下書きに書いたとき、その日付が今日より前なら、標準エラー出力に日付ごとに"
          "課名を挙げて示します（場所はありません。`--json` では `draft_warnings` にも入れます）。下書きはそのまま作ります。",
          "T010 は `merge`・`status --remind` の `--resubmit-by` が、差し戻した課の提出期限（`templates --deadline` で台帳に"
          "記録したもの）より前のときに、標準エラー出力に課と提出期限を挙げて示します（`--json` でも）。日付は指定のまま使います。",
          "T008 は `--year` の年度が計画期間の外のとき（`templates`・`merge`・`status`・`report`）で、何も作らず記録せずに止まります"
          "（終了コード 2、場所は `--year`）。計画の最後の年度より後なら、次の計画は別の新しい台帳に取り込むこと（README"
          "「計画期間が終わったら」）と、この計画の年度は今の台帳で扱えることを示します。",
          "T009 は `merge` が読んだ調査票がすべて `--year` と別の年度のもの（前年度の調査票に今年度の回答を記入した、`--year` の"
          "打ち間違い）のときで、何も記録・作成せずに止まります（終了コード 2、場所は `--year`）。"],
}


def catalogue_markdown() -> str:
    """``docs/messages.md``: every code with its severity, title and message, grouped by prefix."""
    lines = [
        "# メッセージ一覧（コード表）",
        "",
        "reform-xlsx が報告するすべての問題です。コードは意味を変えずに使い続けます（スクリプトや RPA は",
        "コードで判定できます）。重大度「エラー」は計画ファイルや調査票を受け付けない（差し戻し）問題、",
        "「警告」は受け付けたうえで一覧に載せる問題です。メッセージの `{…}` には実際の値（ファイル名・セル・",
        "入力値など）が入ります。各メッセージの後半が、利用者がすべきことです。",
        "",
        "このページは `reform_xlsx.messages.catalogue_markdown()` が生成します（手で編集しないでください。",
        "テストが `src/reform_xlsx/messages.py` と一致することを確かめます）。",
    ]
    groups: dict[str, list[Message]] = {}
    for msg in Msg:
        groups.setdefault(msg.value.code[:1], []).append(msg.value)
    order = list(CATALOGUE_GROUPS) + sorted(set(groups) - set(CATALOGUE_GROUPS))
    for prefix in (p for p in order if p in groups):
        lines += ["", f"## {CATALOGUE_GROUPS.get(prefix, prefix)}", "",
                  "| コード | 重大度 | 内容 | メッセージ |", "| --- | --- | --- | --- |"]
        for m in sorted(groups[prefix], key=lambda m: m.code):
            text = m.template.replace("|", "\\|")
            lines.append(f"| {m.code} | {m.severity.label} | {m.title} | {text} |")
        if prefix in CATALOGUE_NOTES:
            lines += ["", *CATALOGUE_NOTES[prefix]]
    lines += ["", "## 推進室評価シートのときの文言", "",
              "推進室評価シート（merge が作る推進室のブック）には、次のコードを調査票とは違う文言で示します（コードと重大度・",
              "意味は同じです）。`{sheet}` には、その年度に merge が作る評価シートのファイル名が入ります。", "",
              "| コード | メッセージ（推進室評価シート） |", "| --- | --- |"]
    for msg, template in REVIEW_WORDING.items():
        text = template.replace("|", "\\|")
        lines.append(f"| {msg.value.code}（評価シート） | {text} |")
    lines += ["", "## 計画マスターのときの文言", "",
              "plan import で読む計画マスター（plan export が書き出す推進室のブック）が読めないときは、次のコードを調査票とは",
              "違う文言で示します（コードと重大度・意味は同じです）。", "",
              "| コード | メッセージ（計画マスター） |", "| --- | --- |"]
    for msg, template in MASTER_WORDING.items():
        text = template.replace("|", "\\|")
        lines.append(f"| {msg.value.code}（計画マスター） | {text} |")
    return "\n".join(lines) + "\n"

