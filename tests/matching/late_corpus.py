"""A small corpus of wire copy for the matcher: late reports of one event, similar events apart.

Four events, each reported by three outlets: two file on the day, the third (a weekly) five to
ten days later. And two mine accidents in one coal basin three days apart, each reported by two
outlets, whose reports recount the same background (the basin's past disasters, the industry's
decline) in near-identical paragraphs. Written for these tests; places and people are real
names used for realism, the events are invented.

Each article: (key, outlet, publication date, event, headline, body paragraphs); a body
paragraph may start with ``BACKGROUND: ``, marking what both mine events' reports recount (the
marker is removed before matching).
"""

from __future__ import annotations

import datetime as dt

D = dt.date

ARTICLES: list[tuple[str, str, dt.date, str, str, list[str]]] = [
    # --- A chemical plant fire (2 March) --------------------------------------------------
    ("fire-wire", "Harbor Wire", D(2026, 3, 2), "fire",
     "Fire at Ludwigshafen chemical plant injures three workers",
     [
         "LUDWIGSHAFEN, Germany (Harbor Wire) - A fire broke out at a chemical plant in "
         "Ludwigshafen on Monday morning, injuring three workers and sending a column of black "
         "smoke over the Rhine, the city's fire service said.",
         "About 40 firefighters brought the blaze in a solvent storage hall under control "
         "shortly before noon. Two of the injured workers were taken to hospital with burns, "
         "the third with smoke inhalation.",
         "Residents of the Friesenheim and Oppau districts were told to keep windows and doors "
         "closed until the afternoon. Air measurements found no harmful concentrations, the "
         "fire service said.",
         "The plant's operator said production in the affected unit had been halted and that "
         "it was cooperating with investigators. The cause of the fire was not yet known.",
     ]),
    ("fire-courier", "Rhine Courier", D(2026, 3, 2), "fire",
     "Three hurt as blaze hits solvent store in Ludwigshafen",
     [
         "Three employees were injured on Monday when fire tore through a solvent store at a "
         "chemical site in Ludwigshafen, authorities said, and residents nearby were warned to "
         "stay indoors.",
         "Firefighters, some 40 of them, needed nearly four hours to contain the flames. One "
         "worker suffered serious burns; the others were treated for smoke inhalation.",
         "The warning for Friesenheim and Oppau was lifted in the afternoon after measurements "
         "showed no dangerous substances in the air.",
         "Prosecutors in Frankenthal have opened an inquiry into the cause of the fire, a "
         "spokeswoman said.",
     ]),
    ("fire-weekly", "Sunday Ledger", D(2026, 3, 10), "fire",
     "After the Ludwigshafen fire, questions over solvent storage",
     [
         "Eight days after a fire in a solvent storage hall in Ludwigshafen injured three "
         "workers, prosecutors in Frankenthal are examining whether the hall held more solvent "
         "than its permit allowed.",
         "The blaze on 2 March took about 40 firefighters nearly four hours to bring under "
         "control and forced residents of Friesenheim and Oppau to keep their windows shut.",
         "One of the three injured workers, who suffered serious burns, remains in hospital, "
         "the plant's works council said on Friday.",
         "The operator has said it is cooperating with the inquiry and that the affected unit "
         "will stay closed until the investigation is complete.",
     ]),
    # --- A central bank rate rise (4 March) -----------------------------------------------
    ("rate-wire", "Harbor Wire", D(2026, 3, 4), "rate",
     "Chile's central bank raises key rate to 11.75%",
     [
         "SANTIAGO (Harbor Wire) - Chile's central bank raised its benchmark interest rate by "
         "50 basis points to 11.75% on Wednesday, its fourth increase in a row, as it tries to "
         "bring down inflation running at 9.4%.",
         "The board's decision was unanimous, the bank said in a statement, adding that further "
         "increases could not be ruled out if price pressures persisted.",
         "Most economists polled before the meeting had expected a smaller move of 25 basis "
         "points. The peso strengthened 0.8% against the dollar after the announcement.",
     ]),
    ("rate-times", "Andes Times", D(2026, 3, 4), "rate",
     "Banco Central de Chile lifts rates by half a point",
     [
         "The Banco Central de Chile lifted its policy rate to 11.75% from 11.25% on Wednesday, "
         "surprising analysts who had forecast a quarter-point rise.",
         "In a unanimous vote, the board said inflation of 9.4% in January remained far above "
         "its 3% target and signalled it was ready to tighten again.",
         "The peso gained 0.8% after the decision, while Chilean stocks fell 1.2%.",
     ]),
    ("rate-weekly", "Sunday Ledger", D(2026, 3, 12), "rate",
     "Chile's half-point surprise and what it means for borrowers",
     [
         "Last week's decision by Chile's central bank to raise its benchmark rate by 50 basis "
         "points to 11.75% has already pushed up mortgage rates, banks in Santiago said.",
         "The unanimous move on 4 March, the fourth increase in a row, came with inflation at "
         "9.4%, more than three times the bank's 3% target.",
         "Economists had expected a rise of only 25 basis points. Several now expect the rate "
         "to peak above 12% by the middle of the year.",
     ]),
    # --- A ferry runs aground (6 March) ---------------------------------------------------
    ("ferry-wire", "Harbor Wire", D(2026, 3, 6), "ferry",
     "Ferry with 212 aboard runs aground off Bergen",
     [
         "BERGEN, Norway (Harbor Wire) - A passenger ferry carrying 212 people ran aground near "
         "the island of Askøy outside Bergen on Friday evening, and all passengers were "
         "evacuated by lifeboats, the Norwegian rescue service said.",
         "The ferry, the Maren Sol, struck rocks in strong winds shortly after leaving port. "
         "Four passengers were treated for minor injuries.",
         "Divers found a breach in the hull but the vessel was not taking on water fast, the "
         "rescue service said. Tugs were sent to stabilise it overnight.",
     ]),
    ("ferry-post", "Fjord Post", D(2026, 3, 7), "ferry",
     "All 212 rescued after Maren Sol grounding near Askøy",
     [
         "Rescuers evacuated all 212 passengers from the ferry Maren Sol after it hit rocks off "
         "Askøy near Bergen late on Friday, with four people slightly hurt.",
         "The captain reported a steering problem in gusts of more than 20 metres per second "
         "moments before the grounding, the Norwegian Maritime Authority said.",
         "Tugboats held the damaged ferry in place through the night. The authority has opened "
         "an investigation.",
     ]),
    ("ferry-weekly", "Sunday Ledger", D(2026, 3, 15), "ferry",
     "Maren Sol grounding: investigators examine steering failure",
     [
         "Investigators looking into the grounding of the ferry Maren Sol near Askøy nine days "
         "ago are focusing on a steering fault the captain reported moments before the vessel "
         "struck rocks.",
         "All 212 passengers were evacuated by lifeboat on the evening of 6 March, four of them "
         "with minor injuries, in winds gusting above 20 metres per second.",
         "The Norwegian Maritime Authority said the hull breach found by divers would keep the "
         "ferry out of service for at least two months.",
     ]),
    # --- A dockworkers' strike (9 March) --------------------------------------------------
    ("strike-wire", "Harbor Wire", D(2026, 3, 9), "strike",
     "Antwerp dockworkers walk out over pension reform",
     [
         "ANTWERP, Belgium (Harbor Wire) - Thousands of dockworkers at the port of Antwerp "
         "walked off the job on Monday in a 48-hour strike against the government's plan to "
         "raise their retirement age to 67.",
         "Container terminals stood almost still and at least 30 ships were waiting at anchor "
         "in the Scheldt by the afternoon, the port authority said.",
         "Unions said the reform would break an agreement that lets dockers retire at 62 "
         "because of the physical strain of the work.",
     ]),
    ("strike-times", "Lowlands Times", D(2026, 3, 9), "strike",
     "Port of Antwerp paralysed by 48-hour dock strike",
     [
         "A 48-hour strike by dockworkers halted most container traffic at the port of Antwerp "
         "on Monday, leaving some 30 vessels at anchor in the Scheldt.",
         "The walkout was called by the three dockers' unions against a pension reform that "
         "would raise their retirement age from 62 to 67.",
         "Employers' federation Cepa said each day of strike cost the port tens of millions of "
         "euros and urged the unions to return to talks.",
     ]),
    ("strike-weekly", "Sunday Ledger", D(2026, 3, 16), "strike",
     "A week after the Antwerp dock strike, ships still queue",
     [
         "A week after dockworkers at the port of Antwerp staged a 48-hour strike against a "
         "plan to raise their retirement age to 67, ships are still queuing in the Scheldt.",
         "About 30 vessels were left at anchor during the walkout on 9 and 10 March, and the "
         "backlog will take until the end of the month to clear, the port authority said.",
         "The unions, which defend the right of dockers to retire at 62, have threatened a "
         "second strike if the government does not withdraw the reform.",
     ]),
    # --- Two mine accidents in one basin, three days apart --------------------------------
    ("mine1-wire", "Harbor Wire", D(2026, 3, 2), "mine-explosion",
     "Methane blast kills four at Polish coal mine",
     [
         "JASTRZEBIE-ZDROJ, Poland (Harbor Wire) - A methane explosion killed four miners and "
         "injured eleven about 1,000 metres underground at the Pniowek coal mine in southern "
         "Poland early on Monday, the mine's owner JSW said.",
         "Rescue teams were searching for two miners still missing after the blast, which "
         "happened during the night shift. Methane levels in the shaft remained high, "
         "hampering the search.",
         "BACKGROUND: Poland's coal mines are among the most dangerous in Europe because of the "
         "high methane content of their seams. In 2022 a series of explosions at the Pniowek "
         "mine killed 16 miners and rescuers.",
         "BACKGROUND: The country still produces most of its electricity from coal, although the "
         "government has agreed with unions to close the last mines by 2049.",
     ]),
    ("mine1-post", "Vistula Post", D(2026, 3, 2), "mine-explosion",
     "Four dead, two missing after Pniowek methane explosion",
     [
         "Four miners died and eleven were hurt in a methane explosion at the Pniowek mine in "
         "Silesia on Monday, and rescuers were still looking for two others, owner JSW said.",
         "The blast hit a longwall about 1,000 metres below the surface during the night shift. "
         "High methane levels forced rescuers to pull back twice.",
         "BACKGROUND: Polish coal mines are among Europe's most dangerous because their seams "
         "hold so much methane. A series of explosions at Pniowek in 2022 killed 16 miners and "
         "rescuers.",
         "BACKGROUND: Coal still generates most of Poland's electricity, though the government "
         "and unions have agreed to close the last mines by 2049.",
     ]),
    ("mine2-wire", "Harbor Wire", D(2026, 3, 5), "mine-rockfall",
     "Rockfall traps seven miners at Zofiowka pit",
     [
         "JASTRZEBIE-ZDROJ, Poland (Harbor Wire) - Seven miners were trapped by a rockfall "
         "about 900 metres underground at the Zofiowka coal mine on Thursday, three days after "
         "a deadly explosion at a neighbouring pit, owner JSW said.",
         "Rescuers made voice contact with five of the trapped men and were drilling a side "
         "tunnel to reach them, a JSW spokesman said. A tremor of magnitude 3.1 was recorded "
         "shortly before the collapse.",
         "BACKGROUND: Poland's coal mines are among the most dangerous in Europe because of the "
         "high methane content of their seams. In 2022 a series of explosions at the Pniowek "
         "mine killed 16 miners and rescuers.",
         "BACKGROUND: The country still produces most of its electricity from coal, although the "
         "government has agreed with unions to close the last mines by 2049.",
     ]),
    ("mine2-post", "Vistula Post", D(2026, 3, 5), "mine-rockfall",
     "Tremor and rockfall trap seven at Zofiowka",
     [
         "A tremor followed by a rockfall trapped seven miners 900 metres below ground at the "
         "Zofiowka mine in Silesia on Thursday, JSW said, and rescuers reached five of them by "
         "voice.",
         "The magnitude 3.1 tremor struck during a shift change. Rescue teams were digging a "
         "bypass tunnel, a job the company said could take two days.",
         "BACKGROUND: Polish coal mines are among Europe's most dangerous because their seams "
         "hold so much methane. A series of explosions at Pniowek in 2022 killed 16 miners and "
         "rescuers.",
         "BACKGROUND: Coal still generates most of Poland's electricity, though the government "
         "and unions have agreed to close the last mines by 2049.",
     ]),
]  # fmt: skip

BACKGROUND = "BACKGROUND: "
