"""Writes data/figures.csv, data/series.csv and data/regimes.csv. See tools/README.md."""
import csv, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")
SHARED = os.path.join(HERE, "..", "..", "shared", "data")

COLS = ["id", "measure", "corridor", "country", "period", "base_period", "unit", "value", "bound",
        "decimals", "reporter", "attributed_to", "source", "address", "published", "printed", "quote"]

D000, D001, D002, D003, D004 = ("000_ae892d58b331ad26.txt", "001_8b2dac84301e561b.txt",
    "002_26f6919544f59e0e.txt", "003_1c6b5dcf03cbaa39.txt", "004_d1a93ca0d771a020.txt")
PUB = {D000: "2025-10-20", D001: "2023-02-28", D002: "2024-07-14", D003: "2026", D004: "2015-06"}

rows = []
def fig(id, measure, unit, value, printed, quote, source, corridor="", country="", period="",
        base="", bound="eq", decimals="", reporter="", attributed=""):
    rows.append(dict(id=id, measure=measure, corridor=corridor, country=country, period=period,
        base_period=base, unit=unit, value=value, bound=bound, decimals=decimals, reporter=reporter,
        attributed_to=attributed, source=source, address="", published=PUB[source], printed=printed,
        quote=quote))

KU = "KAZ->UZB"
# --- 002: Kazakhstan, Uzbekistan Set to Establish Free Trade Regime (14 July 2024), Kazakh side.
q = "Their trade turnover was $4.5 billion in 2023, exceeding $1.2 billion in the first four months of 2024."
fig("d002.turnover.2023.a", "turnover", "usd", "$4.5 billion", "$4.5 billion", q, D002, KU, period="2023", reporter="KAZ")
fig("d002.turnover.2024-jan-apr", "turnover", "usd", "$1.2 billion", "exceeding $1.2 billion", q, D002, KU, period="2024-01..2024-04", bound="gt", reporter="KAZ")
q = "Over the past five years, trade turnover rose by 29.5 percent to $4.4 billion."
fig("d002.turnover.growth.5y", "turnover", "percent_change", "29.5", "rose by 29.5 percent", q, D002, KU, period="2023", base="2018", reporter="KAZ")
fig("d002.turnover.2023.b", "turnover", "usd", "$4.4 billion", "$4.4 billion", q, D002, KU, period="2023", reporter="KAZ")
q = "In 2023, Kazakh exports jumped by 56.9 percent to $3.1 billion from $2 billion, while imports fell by 9.1 percent to $1.3 billion."
fig("d002.exports.growth.2023", "exports", "percent_change", "56.9", "jumped by 56.9 percent", q, D002, KU, period="2023", base="2022", reporter="KAZ")
fig("d002.exports.2023", "exports", "usd", "$3.1 billion", "$3.1 billion", q, D002, KU, period="2023", reporter="KAZ")
fig("d002.exports.2022", "exports", "usd", "$2 billion", "$2 billion", q, D002, KU, period="2022", reporter="KAZ")
fig("d002.imports.growth.2023", "imports", "percent_change", "-9.1", "fell by 9.1 percent", q, D002, KU, period="2023", base="2022", reporter="KAZ")
fig("d002.imports.2023", "imports", "usd", "$1.3 billion", "$1.3 billion", q, D002, KU, period="2023", reporter="KAZ")
q = "Kazakhstan and Uzbekistan are advancing their plans to establish a free trade regime, aiming to double their mutual trade to ten billion dollars."
fig("d002.target.a", "target_turnover", "usd", "ten billion dollars", "ten billion dollars", q, D002, KU)
fig("d002.target.multiple", "target_multiple", "ratio", "2", "double", q, D002, KU, base="2023")
q = "The Uzbek government press service emphasized the importance of increasing mutual trade to ten billion dollars in the coming years, especially given the current geopolitical and rapidly changing economic situations."
fig("d002.target.b", "target_turnover", "usd", "ten billion dollars", "ten billion dollars", q, D002, KU, attributed="Uzbek government press service")
q = "The heads of our two states have tasked our governments with increasing the mutual trade volume to ten billion dollars in the medium term."
fig("d002.target.c", "target_turnover", "usd", "ten billion dollars", "ten billion dollars", q, D002, KU, attributed="Prime Minister Olzhas Bektenov (Kazakhstan)")
q = "Kazakhstan and Uzbekistan together account for 57 percent of all Central Asian trade."
fig("d002.share.central-asia", "share_of_central_asian_trade", "percent", "57", "57 percent", q, D002, KU, period="2023")
q = "This initiative was a central topic during the 21st meeting of the Joint Intergovernmental Commission on Bilateral Cooperation, co-chaired by Kazakh Prime Minister Olzhas Bektenov and his Uzbek counterpart Abdulla Aripov on July 11-12."
fig("d002.commission.number", "commission_meeting_number", "ordinal", "21", "21st", q, D002, KU)
fig("d002.commission.dates", "commission_meeting_dates", "date", "2024-07-11..2024-07-12", "July 11-12", q, D002, KU)
q = "Economic cooperation between the two nations has expanded in recent years, leading to 69 industrial projects valued at $3.1 billion, which are expected to create nearly 14,700 jobs."
fig("d002.projects.count", "industrial_projects", "count", "69", "69", q, D002, KU)
fig("d002.projects.value", "industrial_projects_value", "usd", "$3.1 billion", "$3.1 billion", q, D002, KU)
fig("d002.projects.jobs", "industrial_projects_jobs", "count", "14700", "nearly 14,700", q, D002, KU, bound="nearly", decimals="-2")
q = "So far, 12 joint projects valued at $217 million have been completed, creating around 4,500 jobs."
fig("d002.completed.count", "completed_projects", "count", "12", "12", q, D002, KU)
fig("d002.completed.value", "completed_projects_value", "usd", "$217 million", "$217 million", q, D002, KU)
fig("d002.completed.jobs", "completed_projects_jobs", "count", "4500", "around 4,500", q, D002, KU, bound="approx", decimals="-2")
q = "Additionally, three investment projects worth $178 million are underway, including a major electrometallurgical plant in Taraz with a capacity of 500,000 tons of steel products."
fig("d002.underway.count", "projects_underway", "count", "3", "three", q, D002, KU)
fig("d002.underway.value", "projects_underway_value", "usd", "$178 million", "$178 million", q, D002, KU)
fig("d002.taraz.capacity", "taraz_plant_capacity", "tonnes", "500000", "500,000 tons", q, D002, KU, country="KAZ")
q = "Another major initiative is the construction of the Central Asia International Center for Industrial Cooperation on the Kazakh-Uzbek border, covering 100 hectares in the Turkistan Region of Kazakhstan and the Syrdarya Region of Uzbekistan."
fig("d002.centre.area", "cooperation_centre_area", "hectares", "100", "100 hectares", q, D002, KU)
q = "The technical launch of the industrial cooperation center is planned for the fourth quarter of 2026, with the official opening in the first half of 2027."
fig("d002.centre.technical-launch", "cooperation_centre_technical_launch", "date", "2026-Q4", "fourth quarter of 2026", q, D002, KU)
fig("d002.centre.opening", "cooperation_centre_opening", "date", "2027-H1", "first half of 2027", q, D002, KU)

# --- 000: Eurasianet, 20 October 2025.
q = "Visiting Washington on a mid-October trade promotion tour, Kazakhstan’s Deputy Prime Minister Serik Zhumangarin took time to lobby members of the US Congress to permanently remove the Central Asian nation from the Jackson-Vanik list."
fig("d000.tour.month", "trade_promotion_tour", "date", "2025-10", "mid-October", q, D000, country="KAZ")
q = "The president has the authority to waive Jackson-Vanik restrictions for any given country on a yearly basis, but lifting the constraints permanently requires an act of Congress."
fig("d000.waiver.frequency", "jackson_vanik_waiver_frequency", "per_year", "1", "yearly", q, D000, country="USA")
q = "But five formerly Soviet republics – Azerbaijan, Kazakhstan, Tajikistan, Turkmenistan and Uzbekistan – still are subject to annual review and/or a presidential waiver."
fig("d000.jackson-vanik.count", "jackson_vanik_countries_count", "count", "5", "five", q, D000, period="2025")
fig("d000.jackson-vanik.countries", "jackson_vanik_countries", "countries", "AZE;KAZ;TJK;TKM;UZB", "Azerbaijan, Kazakhstan, Tajikistan, Turkmenistan and Uzbekistan", q, D000, period="2025")
q = "He additionally told US business executives that Kazakhstan intended to undertake projects worth $100bn to expand “energy and communal infrastructure.”"
fig("d000.infrastructure.value", "infrastructure_projects_planned", "usd", "$100bn", "$100bn", q, D000, country="KAZ", attributed="Deputy Prime Minister Serik Zhumangarin (Kazakhstan)")

# --- 001: letter of Members of Congress, 28 February 2023.
q = "An outdated Soviet-era provision of the Trade Act of 1974, Jackson-Vanik needlessly denies Kazakhstan permanent normal trade relations (PNTR) with the United States."
fig("d001.trade-act.year", "trade_act_year", "date", "1974", "1974", q, D001, country="USA", attributed="Jimmy Panetta and Dina Titus, Members of Congress")
q = "In order to earn temporary normal trade relations, Jackson-Vanik requires the State Department to determine on a semi-annual basis that they are indeed allowing emigration, a determination that the Department has easily made for many years now."
fig("d001.determination.frequency", "jackson_vanik_determination_frequency", "per_year", "2", "semi-annual", q, D001, country="KAZ", attributed="Jimmy Panetta and Dina Titus, Members of Congress")
q = "In 2015, Kazakhstan acceded to the World Trade Organization (WTO) following a nearly twenty-year accession process."
fig("d001.wto.accession", "wto_accession", "date", "2015", "2015", q, D001, country="KAZ", attributed="Jimmy Panetta and Dina Titus, Members of Congress")
fig("d001.wto.accession-years", "wto_accession_duration", "years", "20", "nearly twenty-year", q, D001, country="KAZ", bound="nearly", attributed="Jimmy Panetta and Dina Titus, Members of Congress")
q = "The country is a member in good standing and was originally selected to host the 12th WTO Ministerial Conference."
fig("d001.wto.mc12", "wto_ministerial_conference_selected_to_host", "ordinal", "12", "12th", q, D001, country="KAZ", attributed="Jimmy Panetta and Dina Titus, Members of Congress")

# --- 003: EAEU chairmanship, early 2026.
q = "Opening the first 2026 session of the Council of the Eurasian Economic Commission, Deputy Prime Minister and Economy Minister Serik Zhumangarin said Kazakhstan would prioritise digitalisation, logistics connectivity, artificial intelligence deployment, and the removal of barriers to intra-union trade, The Caspian Post reports, citing Kazakh media."
fig("d003.council.session", "eaeu_council_session", "date", "2026", "2026", q, D003, country="KAZ")
q = "Of the 77 common processes approved to harmonise economic governance across the Union, only 42 are currently operational, according to EAEU data."
fig("d003.processes.approved", "eaeu_common_processes_approved", "count", "77", "77", q, D003, period="2026", attributed="EAEU data")
fig("d003.processes.operational", "eaeu_common_processes_operational", "count", "42", "42", q, D003, period="2026", attributed="EAEU data")
q = "Five joint projects involving firms from Kazakhstan, Kyrgyzstan, Belarus and Russia have been approved so far, with Astana pushing to expand the pipeline."
fig("d003.joint-projects.count", "eaeu_joint_projects", "count", "5", "Five", q, D003, period="2026")
fig("d003.joint-projects.countries", "eaeu_joint_projects_countries", "countries", "KAZ;KGZ;BLR;RUS", "Kazakhstan, Kyrgyzstan, Belarus and Russia", q, D003, period="2026")
q = "The agenda reflects a broader challenge facing the bloc more than a decade after its creation: translating regulatory alignment into predictable outcomes for companies operating across borders."
fig("d003.eaeu.age", "eaeu_age", "years", "10", "more than a decade", q, D003, period="2026", bound="gt")

# --- 004: WTO news item, June 2015.
q = "Members of the Working Party welcomed the conclusion of \"one of the most challenging negotiations\" in the 20-year history of the Organization."
fig("d004.wto.history-years", "wto_history_years", "years", "20", "20-year", q, D004, period="2015")
q = "Chairperson Ambassador Vesa Himanen of Finland congratulated WTO members and the government of Kazakhstan led by Minister Zhanar Aitzhanova, Kazakhstan’s Minister for Economic Integration for a “historic achievement” after 20 years of negotiations."
fig("d004.wto.negotiation-years", "wto_accession_negotiation_years", "years", "20", "20 years", q, D004, country="KAZ", attributed="Ambassador Vesa Himanen, Working Party chairperson")
q = "The complexity and uniqueness of Kazakhstan’s accession lies in the negotiations on tariff adjustment due to Kazakhstan’s membership of the Eurasian Economic Union (consisting of Armenia, Belarus, Kazakhstan and Russia)."
fig("d004.eaeu.members", "eaeu_members", "countries", "ARM;BLR;KAZ;RUS", "Armenia, Belarus, Kazakhstan and Russia", q, D004, period="2015")
q = "Members of the Working Party will meet on 22 June to formally adopt the draft Accession Package ad referendum"
fig("d004.working-party.adoption-meeting", "wto_working_party_adoption_meeting", "date", "2015-06-22", "22 June", q, D004, country="KAZ")
q = "Kazakhstan’s Accession Package will be forwarded to the General Council for formal adoption by all 161 WTO members."
fig("d004.wto.members", "wto_members", "count", "161", "161", q, D004, period="2015")
fig("d004.wto.application", "wto_application_received", "date", "1996-01-29", "29 January 1996", "Application received on 29 January 1996", D004, country="KAZ")
fig("d004.wto.working-party", "wto_working_party_established", "date", "1996-02-06", "6 February 1996", "Working Party established on 6 February 1996", D004, country="KAZ")

def write(name, cols, rs):
    with open(os.path.join(DATA, name), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        for r in rs:
            w.writerow(r)

write("figures.csv", COLS, rows)

# --- Supplementary series from ../shared/data, in the same format.
series = []
BOUND = {"eq": "eq", "gt": "gt", "approx": "approx"}
def convert(fname, corridor, tag):
    with open(os.path.join(SHARED, fname), encoding="utf-8") as f:
        seen = {}
        for r in csv.DictReader(f):
            measure = r.get("flow") or r.get("measure")
            m = {"kazakhstan_trade_with_central_asia": "total_kazakhstan_trade_with_central_asia",
                 "intra_central_asian_trade": "total_intra_central_asian_trade"}.get(measure, measure)
            base = f"s.{tag}.{r['period'].replace('..', '_')}.{m}.{r['reporter_side'].lower()}".replace("_", "-")
            n = seen.get(base, 0); seen[base] = n + 1
            sid = base if n == 0 else f"{base}.{n+1}"
            series.append(dict(id=sid, measure=m, corridor=corridor, country="KAZ" if corridor == "" else "",
                period=r["period"], base_period="", unit="usd", value=f"{r['value_usd_bn']} bn USD",
                bound=BOUND[r["bound"]], decimals=r["decimals"], reporter=r["reporter_side"],
                attributed_to="", source=r["publisher"], address=r["address"], published="",
                printed="", quote=r["quote"]))
convert("kz_uz_published_series.csv", "KAZ->UZB", "kzuz")
convert("kz_us_published_series.csv", "KAZ->USA", "kzus")
convert("central_asia_published_totals.csv", "", "ca")
for r in series:
    if r["measure"] == "total-intra-central-asian-trade":
        pass
    if r["measure"] == "total_intra_central_asian_trade":
        r["country"] = ""
# Growth rates stated in the series' own quotes, as figures of their own.
def growth(sid, measure, corridor, period, base, value, like, quote):
    src = next(r for r in series if r["id"] == like)
    series.append(dict(src, id=sid, measure=measure, corridor=corridor, period=period, base_period=base,
        unit="percent_change", value=value, bound="eq", decimals="", quote=quote))
growth("s.kzuz.2017.turnover-growth.kaz", "turnover", "KAZ->UZB", "2017", "2016", "31.2",
       "s.kzuz.2017.turnover.kaz", "Товарооборот между двумя странами в 2017 году составил 2 миллиарда долларов, что на 31,2% выше")
growth("s.kzuz.2018.turnover-growth.kaz", "turnover", "KAZ->UZB", "2018", "2017", "50",
       "s.kzuz.2018.turnover.kaz", "commodity turnover ... rose by 50% in 2018 and comprised USD3 billion")
growth("s.kzus.2023.turnover-growth.kaz", "turnover", "KAZ->USA", "2023", "2022", "30",
       "s.kzus.2023.turnover.kaz", "record high of $4.1 billion, a 30-percent increase")
growth("s.ca.2023.total-kazakhstan-trade-with-central-asia-growth.kaz", "total_kazakhstan_trade_with_central_asia", "", "2023", "2022", "26.8",
       "s.ca.2023.total-kazakhstan-trade-with-central-asia.kaz", "rose by 26.8% to reach 8 billion")
write("series.csv", COLS, series)

# --- Trade regimes.
RC = ["id", "regime", "countries", "status", "since", "as_of", "source", "address", "published", "printed", "quote"]
regs = []
def reg(id, regime, countries, status, as_of, source, printed, quote, since=""):
    regs.append(dict(id=id, regime=regime, countries=countries, status=status, since=since, as_of=as_of,
        source=source, address="", published=PUB[source], printed=printed, quote=quote))
reg("r.wto.kaz.applicant", "wto", "KAZ", "applicant", "1996-01-29", D004, "Application received on 29 January 1996", "Application received on 29 January 1996", since="1996-01-29")
reg("r.wto.kaz.concluded", "wto", "KAZ", "negotiations_concluded", "2015-06", D004, "conclude the accession negotiations of Kazakhstan",
    "WTO Director-General Roberto Azevêdo said: “I congratulate WTO members and the government of the Republic of Kazakhstan on the historic step taken today to conclude the accession negotiations of Kazakhstan and finalize its WTO Accession Package.")
reg("r.wto.kaz.member", "wto", "KAZ", "member", "2023-02-28", D001, "Kazakhstan acceded to the World Trade Organization",
    "In 2015, Kazakhstan acceded to the World Trade Organization (WTO) following a nearly twenty-year accession process.", since="2015")
q = "The complexity and uniqueness of Kazakhstan’s accession lies in the negotiations on tariff adjustment due to Kazakhstan’s membership of the Eurasian Economic Union (consisting of Armenia, Belarus, Kazakhstan and Russia)."
for code, name in [("ARM", "Armenia"), ("BLR", "Belarus"), ("KAZ", "Kazakhstan"), ("RUS", "Russia")]:
    reg(f"r.eaeu.{code.lower()}.2015", "eaeu", code, "member", "2015-06", D004, name, q)
reg("r.eaeu.kaz.2026", "eaeu", "KAZ", "member", "2026", D003, "its chairmanship of the Eurasian Economic Union",
    "Kazakhstan has outlined a delivery-oriented agenda for its chairmanship of the Eurasian Economic Union (EAEU), signalling a shift from long-standing integration pledges toward resolving operational bottlenecks that continue to limit the bloc’s effectiveness.")
reg("r.jv.kaz.2023", "jackson_vanik", "KAZ", "annual_review", "2023-02-28", D001, "denies Kazakhstan permanent normal trade relations",
    "An outdated Soviet-era provision of the Trade Act of 1974, Jackson-Vanik needlessly denies Kazakhstan permanent normal trade relations (PNTR) with the United States.")
reg("r.jv.rus.2023", "jackson_vanik", "RUS", "permanent_ntr", "2023-02-28", D001, "Russia",
    "Since the fall of the Soviet Union, Kazakhstan has been subject to this requirement, which has been lifted for other former Soviet states, most notably, and ironically, Russia.")
q = "But five formerly Soviet republics – Azerbaijan, Kazakhstan, Tajikistan, Turkmenistan and Uzbekistan – still are subject to annual review and/or a presidential waiver."
for code, name in [("AZE", "Azerbaijan"), ("KAZ", "Kazakhstan"), ("TJK", "Tajikistan"), ("TKM", "Turkmenistan"), ("UZB", "Uzbekistan")]:
    reg(f"r.jv.{code.lower()}.2025", "jackson_vanik", code, "annual_review", "2025-10-20", D000, name, q)
reg("r.free-trade.kaz-uzb.2024", "free_trade", "KAZ;UZB", "planned", "2024-07-14", D002, "advancing their plans to establish a free trade regime",
    "Kazakhstan and Uzbekistan are advancing their plans to establish a free trade regime, aiming to double their mutual trade to ten billion dollars.")
write("regimes.csv", RC, regs)
print(len(rows), "figures,", len(series), "series rows,", len(regs), "regime facts")
