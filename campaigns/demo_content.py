"""Demo content drawn from the organization's public pages (Take action, Achievements), rewritten in our own words."""

# Who the site speaks for. The names are the coalition's; the mailing address and the
# contact email are placeholders (a reserved .example domain) for staff to replace.
ORGANIZATION = {
    "full_name": "International Civil Liberties Monitoring Group",
    "short_name": "ICLMG",
    "mailing_address": "1 Example Street, Suite 100\nOttawa ON  K1A 0B1",
    "contact_email": "info@iclmg.example",
    "contact_url": "https://iclmg.ca/",
}

SITE_APPEAL = {
    "title": "Since you're here…",
    "text_html": (
        "<p>Could we ask you one small favour? At ICLMG we work hard to defend and "
        "advance human rights and civil liberties in Canada in the shadow of the "
        "so-called “war on terror”.</p>"
        "<p>We take no money from any federal, provincial or municipal government, "
        "and none from any political party. That is why every donation, big or small, "
        "goes such a long way in supporting our work.</p>"
        "<p>Still deciding? Take a look at what we have achieved and won since the "
        "coalition was founded in May 2002. Thank you for your generosity!</p>"
    ),
    "url": "https://iclmg.ca/donate/",
}


CAMPAIGNS = [
    {
        "slug": "stop-harkat-deportation",
        "title": "Stop Mohamed Harkat's deportation to torture",
        "kind": "letter",
        "urgent": True,
        "goal": 2000,
        "summary": (
            "Held under a security certificate since December 2002, Mohamed Harkat "
            "now faces deportation to Algeria and a real risk of torture. His wife, "
            "Sophie, asks you to take one minute to write to the ministers."
        ),
        "story_html": (
            "<p>ICLMG has written to Public Safety Minister Ralph Goodale, asking him "
            "to exempt Mohamed Harkat from deportation so that he can remain in "
            "Canada and go on living with his wife and family. Below, Mohamed’s wife, "
            "Sophie Harkat, explains why your voice is needed again.</p>"
            "<h2>A request from Sophie Harkat</h2>"
            "<p>Mohamed has been held under a security certificate since December "
            "2002, and today he faces deportation to torture. The letter declaring him "
            "inadmissible reached him while the federal election campaign was under "
            "way, and now, with the Liberals in power, the Canada Border Services "
            "Agency (CBSA) is still pressing ahead with his removal.</p>"
            "<p>The CBSA’s report claims that Mohamed has not played an active, "
            "contributing role in society, that he has not supported his family "
            "financially, and that Sophie would manage fine without him. What the "
            "report leaves out is everything he has been put through:</p>"
            "<ul>"
            "<li>43 months of forced detention, without any charge;</li>"
            "<li>7.5 years of house arrest under the harshest bail conditions in "
            "Canadian history;</li>"
            "<li>a continuing ban on using technology (a computer, the internet or a "
            "cell phone) anywhere outside his home;</li>"
            "<li>a good name destroyed by allegations.</li>"
            "</ul>"
            "<p>Before his arrest, Mohamed worked three jobs, and he has been actively "
            "looking for full-time work.</p>"
            "<p>The same report admits that Mohamed might be in danger if he is sent "
            "to Algeria, yet argues that Canadians would face greater risks if he "
            "stays here.</p>"
            "<p>This past winter, more than a thousand of you wrote letters. "
            "<strong>Thank you!</strong> But the government has not moved.</p>"
            "<h3>What has changed since then</h3>"
            "<ol>"
            "<li>The Liberal government has committed to signing the UN Optional "
            "Protocol Against Torture.</li>"
            "<li>The United Kingdom has refused to return eight Algerian men to "
            "Algeria, since they would face torture, detention or other threats to "
            "their safety.</li>"
            "<li>The US government has found that it cannot rely on diplomatic "
            "assurances, and that once a detainee has been transferred it has no way "
            "of keeping track of them. Many transferred detainees have been "
            "tortured.</li>"
            "</ol>"
            "<p>So why is the government still going ahead with Mohamed’s "
            "deportation? Please ask the ministers yourself: sending the letter below "
            "takes just one minute. It goes to Public Safety Minister Ralph Goodale "
            "and Immigration Minister John McCallum, with a copy to the family’s "
            "campaign address, letharkatstay@gmail.com.</p>"
            "<p>Sophie thanks everyone for their support, solidarity and generosity. "
            "She sees Mohamed as an asset to our society who would make a "
            "<strong>great</strong> Canadian, and a large circle of friends and "
            "family who love him want him to stay in Canada.</p>"
        ),
        "appeal_text": (
            "The Harkat family receives no legal aid. If you are able to, please "
            "help them cover Mohamed’s legal fees through Justice for Harkat."
        ),
        "appeal_url": "https://www.justiceforharkat.com",
        "letter": {
            "subject": "Please exempt Mohamed Harkat from deportation to torture",
            "body": (
                "Your government has announced that it intends to become a signatory "
                "to the UN Optional Protocol Against Torture. In that same spirit, we "
                "ask you to honour Canada’s obligations under the Convention Against "
                "Torture, in particular Article 2 (“No exceptional circumstances "
                "whatsoever, whether a state of war or a threat of war, internal "
                "political instability or any other public emergency, may be invoked "
                "as a justification of torture.”) and Article 3 (“No State Party "
                "shall expel, return (‘refouler’) or extradite a person to another "
                "State where there are substantial grounds for believing that he "
                "would be in danger of being subjected to torture.”).\n"
                "\n"
                "We are writing because Canada is still trying to deport Mr. Mohamed "
                "Harkat to Algeria. Mr. Harkat has made his home in Canada for 20 "
                "years. In Algeria he would face a substantial risk of torture, both "
                "because he originally escaped Algeria as a refugee and because of "
                "the untrue allegations about state security made against him.\n"
                "\n"
                "As you likely know, Mr. Harkat’s case has gone through the security "
                "certificate process, a secret hearing system that can fairly be "
                "called Kafkaesque. He has never had a real opportunity to challenge "
                "and answer the secret allegations on which the case against him is "
                "built. Those allegations rest on a secret informant, and that "
                "informant failed a lie detector test.\n"
                "\n"
                "Even CSIS and the RCMP, the state’s own security agencies, "
                "acknowledge that Mr. Harkat has never committed an act of violence "
                "or broken any law; he passed his criminal background check. Every "
                "risk assessment the CBSA and CSIS have carried out since 2009 has "
                "been positive and has found him to be a low risk.\n"
                "\n"
                "We also ask you to consider a recent decision of the Court of Appeal "
                "in the United Kingdom. Sir Anthony Clarke, Lord Justice Buxton and "
                "Lady Justice Smith would not allow eight men to be deported to "
                "Algeria, despite so-called “diplomatic assurances” from the Algerian "
                "regime promising that the men would not be tortured. Amnesty "
                "International and other international human rights organizations "
                "have warned for years that, in human rights cases, such assurances "
                "are worthless. They also breach Articles 2 and 3 of the Convention "
                "Against Torture, which Canada has signed and still stands behind.\n"
                "\n"
                "We urge you to exempt Mr. Harkat from deportation and to let him "
                "stay in Canada, where he can live with his wife and family."
            ),
            "editable": True,
            "to_supporters_mp": False,
            "targets": [
                {
                    "name": "Ralph Goodale",
                    "title": "Minister of Public Safety",
                    "salutation": "Minister Goodale",
                    "email": "ralph.goodale@parl.gc.ca",
                    "postal_address": "House of Commons\nOttawa ON  K1A 0A6",
                },
                {
                    "name": "John McCallum",
                    "title": "Minister of Immigration",
                    "salutation": "Minister McCallum",
                    "email": "john.mccallum@parl.gc.ca",
                    "postal_address": "House of Commons\nOttawa ON  K1A 0A6",
                },
            ],
            "cc": ["letharkatstay@gmail.com"],
        },
    },
    {
        "slug": "uphold-the-right-to-dissent",
        "title": "Canadian groups call on the government to uphold the right to dissent",
        "kind": "statement",
        "urgent": False,
        "goal": 1000,
        "summary": (
            "Eight Canadian organizations warn that an Opposition motion condemning "
            "the BDS movement threatens our Charter right to dissent. Add your voice "
            "and tell your MP you oppose it."
        ),
        "story_html": (
            "<p>Eight Canadian organizations, from unions and churches to civil "
            "liberties groups, have come together to voice their serious concern "
            "about an Opposition motion condemning the movement for boycott, "
            "divestment and sanctions (BDS).</p>"
            "<p>The signatories firmly believe in democratic rights and freedoms for "
            "everyone in Canada, and our Charter of Rights and Freedoms guarantees "
            "the right to dissent. Any effort to silence, intimidate, condemn or "
            "criminalize people and groups who back the BDS movement, or sympathize "
            "with it, through peaceful and nonviolent means should be firmly turned "
            "down.</p>"
            "<p>Speaking out against the policies of Canada, or of any other country, "
            "is nothing to condemn: it lies at the very heart of our freedom and our "
            "democracy. The signatories stand by these principles, and they ask our "
            "government to make the same commitment.</p>"
        ),
        "appeal_text": "",
        "appeal_url": "",
        "cosigners": [
            {
                "name": "Canadian Friends Service Committee (Quakers)",
                "url": "https://quakerservice.ca/",
            },
            {"name": "Canadian Labour Congress (CLC)", "url": "https://canadianlabour.ca/"},
            {"name": "Canadian Union of Public Employees (CUPE)", "url": "https://cupe.ca/"},
            {"name": "Canadian Union of Postal Workers (CUPW)", "url": "https://www.cupw.ca/"},
            {"name": "Independent Jewish Voices (IJV)", "url": "https://www.ijvcanada.org/"},
            {
                "name": "International Civil Liberties Monitoring Group (ICLMG)",
                "url": "https://iclmg.ca/",
            },
            {"name": "Ligue des droits et libertés (LDL)", "url": "https://liguedesdroits.ca/"},
            {"name": "United Church of Canada (UCC)", "url": "https://united-church.ca/"},
        ],
        "letter": {
            "subject": "Please oppose the motion condemning the BDS movement",
            "body": (
                "As your constituent, I am writing to tell you that I oppose the "
                "Opposition motion condemning the movement for boycott, divestment "
                "and sanctions (BDS), and to ask you to vote against it.\n"
                "\n"
                "Our Charter of Rights and Freedoms protects the right to dissent. "
                "People and groups who peacefully and nonviolently back the BDS "
                "movement, or sympathize with it, must not be criminalized, "
                "condemned, intimidated or silenced.\n"
                "\n"
                "Criticizing or opposing the policies of Canada, or of another "
                "country, is at the core of a free and democratic society. Eight "
                "Canadian organizations, among them the Canadian Labour Congress, "
                "the United Church of Canada and the International Civil Liberties "
                "Monitoring Group, have asked the government to uphold these "
                "principles. I am asking you to do the same.\n"
                "\n"
                "Please let me know where you stand on this motion."
            ),
            "editable": True,
            "to_supporters_mp": True,
            "targets": [],
            "cc": [],
        },
        "action_title": "Tell your MP you oppose the anti-Boycott motion!",
    },
    {
        "slug": "oversight-of-national-security-agencies",
        "title": "Strong oversight and review of Canadian national security agencies",
        "kind": "letter",
        "urgent": False,
        "goal": 1500,
        "summary": (
            "Years after the Arar Commission, Canada’s security agencies still lack "
            "proper oversight. Write to the Minister of Public Safety with five "
            "demands, from repealing Bill C-51 to acting on Justice O’Connor’s "
            "recommendations."
        ),
        "story_html": (
            "<p>Canada has many national security agencies, among them CSEC, CSIS, "
            "the RCMP and the CBSA. The mechanisms that oversee and review their work "
            "are weak, and for some agencies they simply do not exist.</p>"
            "<p>That gap has cost people dearly. Canadian citizens including Maher "
            "Arar, Abdullah Almalki, Ahmad El-Maati and Muayyed Nurredin were sent "
            "abroad to be tortured (rendition to torture), a grave violation of their "
            "human rights.</p>"
            "<p>When Justice O’Connor concluded the Arar Commission in 2006, he made "
            "several recommendations to keep such atrocities from ever happening "
            "again. His central message: Canada’s national security agencies need "
            "oversight and review that is robust, integrated and comprehensive.</p>"
            "<p>Many years on, the federal government has still not put those "
            "recommendations in place. Here is how you can help: write to the "
            "Minister of Public Safety.</p>"
            "<h3>Send it by email or by post</h3>"
            "<p>Use the form on this page to email the minister at "
            '<a href="mailto:ralph.goodale@parl.gc.ca">ralph.goodale@parl.gc.ca</a>, '
            "or print your letter and mail it. No stamp is needed: mail to any "
            "Member of Parliament travels postage-free.</p>"
            "<blockquote><p>Minister of Public Safety, Ralph Goodale, House of "
            "Commons, Ottawa, Ontario  K1A 0A6</p></blockquote>"
        ),
        "appeal_text": "",
        "appeal_url": "",
        "letter": {
            "subject": "Strong oversight and review for Canada's national security agencies",
            "body": (
                "I am writing to ask the Liberal government to take these steps:\n"
                "\n"
                "- Repeal the Anti-terrorism Act, 2015 (Bill C-51).\n"
                "- Open up the no-fly list and make it transparent and accountable.\n"
                "- Make sure that spying on Canadians is not allowed.\n"
                "- Put in place, as soon as possible, the review and oversight "
                "mechanisms that Justice O’Connor recommended in the Arar "
                "Commission.\n"
                "- Give CSIS no greater powers.\n"
                "\n"
                "These changes are long overdue. Agencies such as CSEC, CSIS, the "
                "RCMP and the CBSA still lack adequate oversight and review. What "
                "happened to Maher Arar, Abdullah Almalki, Ahmad El-Maati and "
                "Muayyed Nurredin, who were rendered to torture, shows the cost of "
                "leaving them unchecked.\n"
                "\n"
                "I look forward to your response."
            ),
            "editable": True,
            "to_supporters_mp": False,
            "targets": [
                {
                    "name": "Ralph Goodale",
                    "title": "Minister of Public Safety",
                    "salutation": "Minister Goodale",
                    "email": "ralph.goodale@parl.gc.ca",
                    "postal_address": "House of Commons\nOttawa ON  K1A 0A6",
                },
            ],
            "cc": [],
        },
    },
]


# Newest first, in the order the organization presents them: ongoing work, then dated achievements.
ACHIEVEMENTS = [
    # --- Ongoing work -------------------------------------------------------
    {
        "date_label": "Ongoing",
        "sort_date": None,
        "title": "A permanent forum for information sharing, joint analysis and collective action",
        "body_html": (
            "<p>ICLMG gives its member organizations a permanent place to share "
            "information, analyze issues together, act collectively, and build common "
            "policy positions and a shared way of speaking about civil liberties and "
            "human rights where national security and ‘anti-terrorism’ are "
            "concerned.</p>"
        ),
        "links": [],
        "campaigns": [],
    },
    {
        "date_label": "Ongoing",
        "sort_date": None,
        "title": "A presence on Parliament Hill",
        "body_html": (
            "<p>ICLMG keeps a steady watch on the parliamentary process around "
            "national security and anti-terrorism legislation, and meets regularly "
            "with MPs about a range of concerns. Over the years it has earned "
            "recognition and respect at parliamentary committee hearings, and it is "
            "often invited to help brief parliamentarians on national security and "
            "anti-terrorism. Its many briefs and reports are a record of this "
            "work.</p>"
        ),
        "links": [],
        "campaigns": [],
    },
    {
        "date_label": "Ongoing",
        "sort_date": None,
        "title": "A presence in the mainstream media",
        "body_html": (
            "<p>ICLMG is now a credible, legitimate voice in mainstream news outlets, "
            "among them Radio-Canada, Le Devoir, The Canadian Press, the Montreal "
            "Gazette, the Toronto Star and The Globe and Mail. It has taken part in "
            "many press conferences on Parliament Hill and has published many op-eds "
            "in mainstream online media.</p>"
        ),
        "links": [],
        "campaigns": [],
    },
    {
        "date_label": "Ongoing",
        "sort_date": None,
        "title": "The weekly ICLMG News Digest",
        "body_html": (
            "<p>Every week, ICLMG publishes an online roundup of news stories, events "
            "and action alerts on civil liberties, national security, anti-terrorism "
            "and related issues that fall within the mandate of ICLMG and its member "
            "organizations. Topics include torture, surveillance, drone strikes, "
            "security certificates, no-fly lists, the Guantanamo Bay detention "
            "center, the criminalization of dissent, the North American Security "
            "Perimeter, and oversight of police and intelligence agencies.</p>"
            "<p>The News Digest goes out to more than 1,200 contacts and is read by "
            "many respected legal experts, academics, grassroots activists and "
            "policymakers across the country. You can subscribe to the digest or to "
            "our general mailing list.</p>"
        ),
        "links": [],
        "campaigns": [],
    },
    {
        "date_label": "Ongoing",
        "sort_date": None,
        "title": "Partnerships and collaborations",
        "body_html": (
            "<p>From the start, ICLMG has built a reputation as a credible, expert "
            "voice among policymakers and in the mainstream media. It has also built "
            "a broad web of collaborators: other civil liberties organizations, "
            "academics, grassroots groups, legal teams, the Office of the Privacy "
            "Commissioner of Canada, and people targeted by anti-terrorism "
            "measures.</p>"
            "<p>Internationally, ICLMG takes part in meetings connected to UN "
            "activities and works with groups such as the ACLU (U.S.) and Statewatch "
            "(U.K.), along with national and regional networks across the Global "
            "South.</p>"
        ),
        "links": [],
        "campaigns": [],
    },
    {
        "date_label": "Ongoing",
        "sort_date": None,
        "title": "Sought-after expertise for talks, books, papers and reports",
        "body_html": (
            "<p>Many people and organizations working on anti-terrorism, national "
            "security and civil liberties turn to ICLMG to give speeches and "
            "presentations, to sit on panels, and to review and comment on books, "
            "papers and reports before they are published.</p>"
        ),
        "links": [],
        "campaigns": [],
    },
    # --- Dated achievements -------------------------------------------------
    {
        "date_label": "June 2019",
        "sort_date": "2019-06-01",
        "title": "A new overarching review agency",
        "body_html": (
            "<p>With the National Security Act, 2017 (formerly Bill C-59), the "
            "government set up the National Security and Intelligence Review Agency "
            "(NSIRA): a single body with the power to review every national security "
            "activity in Canada, whichever agency or department carries it out.</p>"
            "<p>ICLMG has pushed for such a body ever since Justice O’Connor "
            "recommended it in 2006, in his report of the Commission of Inquiry into "
            "the Maher Arar case. NSIRA has its problems (in particular, it is likely "
            "to repeat many of the weaknesses of earlier review bodies such as SIRC, "
            "the CSIS watchdog), but it is still real progress.</p>"
        ),
        "links": [],
        "campaigns": ["oversight-of-national-security-agencies"],
    },
    {
        "date_label": "December 2018",
        "sort_date": "2018-12-01",
        "title": "Problematic, inaccurate language removed from a Public Safety report",
        "body_html": (
            "<p>Working alongside two of our members, the World Sikh Organization and "
            "the National Council of Canadian Muslims (NCCM), we called for, and won, "
            "changes to Public Safety’s 2018 terrorism threat assessment report. The "
            "report had singled out Muslim and Sikh communities and stigmatized them "
            "by tying them to terror threats.</p>"
        ),
        "links": [],
        "campaigns": [],
    },
    {
        "date_label": "December 2018",
        "sort_date": "2018-12-01",
        "title": "The Committee Against Torture’s report on Canada",
        "body_html": (
            "<p>At the end of November 2018, the UN Committee Against Torture (CAT) "
            "examined Canada’s report on how it is implementing the Convention "
            "Against Torture. We sent two submissions: a general one showing that a "
            "number of Canadian policies, practices and cases breach several "
            "provisions of the Convention, and a second, co-written with Lawyers’ "
            "Rights Watch Canada (LRWC), focused on Omar Khadr. The Committee’s "
            "findings on Canada, released that December, echoed many of the concerns "
            "we had raised.</p>"
        ),
        "links": [],
        "campaigns": ["stop-harkat-deportation"],
    },
    {
        "date_label": "February 2018",
        "sort_date": "2018-02-01",
        "title": "A promised redress system for the #NoFlyListKids",
        "body_html": (
            "<p>We are proud to have stood with the #NoFlyListKids in their fight "
            "for a way to clear people wrongly caught as false positives, and they "
            "did an amazing job. ICLMG and other advocates had been asking for years "
            "for a single, centralized way to fix these false positives, and the "
            "government has now promised one.</p>"
            "<p>Still, a redress system alone won’t fix Canada’s No Fly List "
            "program; it is only part of the puzzle. That is why ICLMG will keep "
            "calling on lawmakers to repeal the No Fly List altogether, as we "
            "explained in our press release.</p>"
        ),
        "links": [],
        "campaigns": ["oversight-of-national-security-agencies"],
    },
    {
        "date_label": "January 2018",
        "sort_date": "2018-01-01",
        "title": "Hassan Diab is back in Canada!",
        "body_html": (
            "<p>Hassan Diab finally landed back home on Monday, January 15, 2018, "
            "after three years and two months held in isolation in France without "
            "ever being charged. We are proud to have been part of the campaign for "
            "justice for Hassan Diab from its very first days.</p>"
            "<p>But it isn’t over yet, since French prosecutors are appealing his "
            "release. In an open letter to Prime Minister Trudeau, we have asked for "
            "an independent public inquiry into what Hassan went through, so that "
            "this kind of abuse and injustice never happens again. We also "
            "live-streamed the press conference Hassan gave after his return.</p>"
        ),
        "links": [],
        "campaigns": [],
    },
    {
        "date_label": "Fall 2017",
        "sort_date": "2017-09-01",
        "title": "National Security & Human Rights Speaker Series",
        "body_html": (
            "<p>To shine some light into the very murky world of national security "
            "policy, we organized a National Security &amp; Human Rights Speaker "
            "Series, with our member the Canadian Union of Public Employees (CUPE) "
            "as co-sponsor.</p>"
            "<p>Topics included the new National Security Act (Bill C-59); "
            "Islamophobia as both a cause and a consequence of national security; how "
            "dissent is being criminalized at home and abroad; and Canada’s "
            "complicity in torture. We were delighted to hear from outstanding "
            "panelists including Micheal Vonn, Paul Champ, Tamir Israel, Monia "
            "Mazigh, Yavar Hameed, Freddy Stoneypoint, Jennifer Moore, Sophie Harkat "
            "and Khalid Elgazzar.</p>"
            "<p>Hundreds attended in person or followed online, and the feedback was "
            "overwhelmingly positive. The videos are available to watch.</p>"
        ),
        "links": [],
        "campaigns": ["oversight-of-national-security-agencies", "stop-harkat-deportation"],
    },
    {
        "date_label": "Summer 2017",
        "sort_date": "2017-06-01",
        "title": "National security questions for the NDP leadership candidates",
        "body_html": (
            "<p>We sent every NDP leadership candidate a questionnaire about human "
            "rights, national security and anti-terrorism, then published their "
            "answers along with our comments and grades.</p>"
        ),
        "links": [],
        "campaigns": [],
    },
    {
        "date_label": "March & July 2017",
        "sort_date": "2017-07-01",
        "title": "Settlements for torture survivors Almalki, Elmaati, Nurredin & Khadr",
        "body_html": (
            "<p>In March 2017, Abdullah Almalki, Ahmad Elmaati and Muayyed Nurredin "
            "at last received an apology and a financial settlement from the "
            "Government of Canada. All three had been rendered, detained and "
            "tortured in Syria and Egypt after Canadian officials passed on "
            "erroneous information.</p>"
            "<p>In July 2017, Omar Khadr, too, was compensated and received an "
            "apology from Ottawa, which had violated his rights and international "
            "law. Not only did Canada fail to come to his aid while he was "
            "imprisoned in Guantanamo as a child soldier, its officials also "
            "interrogated him and passed what they learned to the Americans who "
            "were torturing him.</p>"
            "<p>For years, ICLMG and many allies pushed for justice for these men "
            "through letters, briefs, videos, events and press conferences.</p>"
        ),
        "links": [],
        "campaigns": ["oversight-of-national-security-agencies"],
    },
    {
        "date_label": "June 2017",
        "sort_date": "2017-06-01",
        "title": "Equal citizenship restored",
        "body_html": (
            "<p>ICLMG was one of the first to speak out against the Strengthening "
            "Canadian Citizenship Act (formerly Bill C-24), calling it "
            "unconstitutional and anti-Canadian: it discriminated against dual "
            "nationals by allowing their citizenship to be taken away for national "
            "security reasons. C-24 did become law, but on June 19 Parliament passed "
            "new legislation, Bill C-6, which effectively ended that two-tier "
            "citizenship regime.</p>"
        ),
        "links": [],
        "campaigns": [],
    },
    {
        "date_label": "May 2017",
        "sort_date": "2017-05-01",
        "title": "Results of the national security consultation",
        "body_html": (
            "<p>The government’s consultation on national security gave a clear "
            "answer: on every question, Canadians said that protecting our rights "
            "must come first. We prepared a detailed, thorough reply to the "
            "consultation, and many groups and individuals relied on it when writing "
            "their own. Both the national security consultations held by the House "
            "Standing Committee on Public Safety and National Security and the "
            "independent report on the official government consultation either "
            "cited our brief directly or showed that the public agrees with our "
            "positions.</p>"
        ),
        "links": [],
        "campaigns": ["oversight-of-national-security-agencies"],
    },
    {
        "date_label": "2016",
        "sort_date": "2016-01-01",
        "title": "Taking part in the national security consultation",
        "body_html": (
            "<ul>"
            "<li>Paul Cavalluzzo, a lawyer and prosecutor at the Arar Commission, "
            "represented ICLMG before the House of Commons Standing Committee on "
            "Public Safety and National Security (SECU) during its study of Canada’s "
            "National Security Framework. We also gave the Committee an extended "
            "brief, and we were at its open-mic session in Montreal, where the "
            "audience agreed that C-51 should be repealed.</li>"
            "<li>ICLMG and 25 other civil society organizations briefed Public "
            "Safety Minister Ralph Goodale and Justice Minister Jody Wilson-Raybould "
            "in a meeting on our recommendations for reforming national security in "
            "Canada.</li>"
            "<li>ICLMG took part when the International Commission of Jurists hosted "
            "a discussion with Public Safety Canada officials at the University of "
            "Ottawa.</li>"
            "<li>ICLMG compiled and published its own answers to the online National "
            "Security consultation, to make it easier to take part and to keep human "
            "rights at the centre. It offers an in-depth look at today’s national "
            "security problems and solutions in Canada; feel free to read it and "
            "share it for educational purposes.</li>"
            "<li>ICLMG also gave the SECU Committee a brief on Bill C-22, the bill to "
            "set up a Committee of Parliamentarians on Intelligence and National "
            "Security.</li>"
            "</ul>"
        ),
        "links": [],
        "campaigns": ["oversight-of-national-security-agencies"],
    },
    {
        "date_label": "2016",
        "sort_date": "2016-01-01",
        "title": "Campaigning to free Dr Homa Hoodfar, imprisoned in Iran",
        "body_html": (
            "<p>Since June 6, 2016, Dr Homa Hoodfar, a professor of anthropology and "
            "sociology at Concordia University, had been locked up in Evin Prison in "
            "Tehran, the prison normally used for political prisoners. She had "
            "travelled to Iran in February to visit relatives and pursue academic "
            "research. In March, as she was preparing to fly home to Montreal, she "
            "was arrested. After being released on bail, she was taken back into "
            "custody in early June. No one knew what she was suspected of, though "
            "her family said they believed it was linked to her research on feminism "
            "in Iran. She was at last released and arrived back in Montreal on "
            "September 19, 2016.</p>"
        ),
        "links": [],
        "campaigns": [],
    },
    {
        "date_label": "2014-2016",
        "sort_date": "2016-01-01",
        "title": "A leading voice in the campaign to free Khaled Al-Qazzaz, imprisoned without charge in Egypt",
        "body_html": (
            "<p>Canadian resident Khaled Al-Qazzaz spent more than a year in "
            "solitary confinement in Egypt without being charged. Among other "
            "actions, ICLMG joined a press conference on Parliament Hill and "
            "co-signed an open letter urging the Prime Minister to step in and "
            "secure his immediate release.</p>"
            "<p>Khaled was freed in January 2015, but for months afterwards he and "
            "his family were stuck in Egypt, kept from leaving by the Egyptian "
            "authorities without any reason. On August 14, 2016, they were at last "
            "able to return to Canada.</p>"
        ),
        "links": [],
        "campaigns": [],
    },
    {
        "date_label": "2014-2016",
        "sort_date": "2016-01-01",
        "title": "A leading voice in the campaign to free Canadian Salim Alaradi, imprisoned without charge in the UAE",
        "body_html": (
            "<p>Salim Alaradi, a Canadian citizen and father of five, had been "
            "detained in the United Arab Emirates since August 2014 without any "
            "accusation, and tortured. ICLMG issued a press release, launched an "
            "urgent action and co-signed an open letter, all calling on the Prime "
            "Minister to press the UAE to release him without delay. He was freed on "
            "June 2, 2016, and has since returned home to Canada.</p>"
        ),
        "links": [],
        "campaigns": [],
    },
    {
        "date_label": "2014-2015",
        "sort_date": "2015-01-01",
        "title": "Campaigning for the release of Canadian journalist Mohamed Fahmy",
        "body_html": (
            "<p>Canadian journalist Mohamed Fahmy was arrested in Egypt, and a court "
            "there sentenced him to three years in prison simply for doing his job "
            "as a journalist. The trial was called “farcical” and was seen as a "
            "politically motivated attack on free expression. Under strong "
            "international pressure on both the Canadian and Egyptian governments, "
            "Egypt’s president pardoned him on September 23, 2015, and he was "
            "released. He has since come home to Canada.</p>"
        ),
        "links": [],
        "campaigns": [],
    },
    {
        "date_label": "2015",
        "sort_date": "2015-01-01",
        "title": "Raising awareness of, and fighting, Bill C-51, the Anti-terror Act of 2015",
        "body_html": (
            "<p>After the dangerous and flawed Bill C-51 was introduced in "
            "Parliament in January 2015, ICLMG was among the very first to organize, "
            "educate and campaign against it. Working with a group of several "
            "organizations, we planned strategy, issued press releases, sent open "
            "letters to the Prime Minister, spoke out against how little time "
            "Parliament’s committee hearings and debates gave the bill, and helped "
            "our 43 member organizations understand what was wrong with it.</p>"
        ),
        "links": [],
        "campaigns": ["oversight-of-national-security-agencies"],
    },
    {
        "date_label": "2014",
        "sort_date": "2014-01-01",
        "title": "Two ICLMG articles on mass surveillance in the Ligue des droits et libertés magazine",
        "body_html": (
            "<p>Edward Snowden’s revelations had opened a healthy public debate "
            "about building systems to monitor whole populations. This issue of the "
            "LDL’s magazine set out to shed more light on how surveillance, privacy "
            "and the protection of personal information were changing, what that "
            "means for democracy and human rights, and what resistance and "
            "alternatives are possible. Two ICLMG staff each wrote an article for "
            "the issue: National Coordinator Roch Tassé and Communications and "
            "Research Coordinator Anne Dagenais Guertin.</p>"
        ),
        "links": [],
        "campaigns": ["oversight-of-national-security-agencies"],
    },
    {
        "date_label": "2014",
        "sort_date": "2014-01-01",
        "title": "Co-organizing ARAR+10: National Security and Human Rights A Decade Later",
        "body_html": (
            "<p>ICLMG presented this conference together with Amnesty International "
            "Canada, the Human Rights Research and Education Centre and the Centre "
            "for International Policy Studies at the University of Ottawa. The "
            "unique and successful event marked ten years since the start of the "
            "Arar Commission of Inquiry, presided by Justice O’Connor, into the "
            "actions of Canadian officials that led to the detention and torture of "
            "Canadian citizen Maher Arar in Syria.</p>"
            "<p>Panelists looked at the personal side of human rights violations "
            "tied to national security, the challenges facing journalists and the "
            "legal profession, and continuing concerns about oversight of national "
            "security activities. Three justices also took stock of national "
            "security and human rights today, and asked whether the recommendations "
            "they had made on oversight of Canada’s security and intelligence "
            "agencies, meant to stop such abuses from happening again, had been put "
            "into practice. The panels and a report are available, along with a "
            "video we made calling for national security oversight and review to be "
            "strengthened.</p>"
        ),
        "links": [],
        "campaigns": ["oversight-of-national-security-agencies"],
    },
    {
        "date_label": "2014",
        "sort_date": "2014-01-01",
        "title": "An open letter urging PM Harper to strengthen global efforts to end torture",
        "body_html": (
            "<p>On International Human Rights Day, ICLMG joined other civil society "
            "groups in an open letter asking Prime Minister Stephen Harper to bring "
            "Canada back into the worldwide effort to end torture and ill-treatment. "
            "The day also marked 30 years since the UN Convention against Torture "
            "was adopted. The letter urged Canada to take the last step and ratify "
            "the Optional Protocol, the instrument that sets up national and "
            "international systems for inspecting places of detention. The UN "
            "adopted that Optional Protocol in 2002, and Canada had twice told the "
            "UN Human Rights Council, in 2006 and in 2009, that it would consider "
            "ratifying it. The signatories were united in asking Canada to do so "
            "without delay.</p>"
        ),
        "links": [],
        "campaigns": ["stop-harkat-deportation"],
    },
    {
        "date_label": "2013",
        "sort_date": "2013-01-01",
        "title": "Roundtables on the “criminalization of dissent” with a Guatemalan delegation",
        "body_html": (
            "<p>In May 2013, ICLMG, MiningWatch Canada and Peace Brigades "
            "International held two public roundtables in Ottawa to draw attention "
            "to the growing criminalization of dissent.</p>"
            "<p>The first came after a performance of <em>The Last Walk of Adolfo "
            "Ich</em>, a half-hour staged reading with songs, stories and images. "
            "Adolfo Ich was a Mayan community leader in eastern Guatemala who was "
            "killed by security forces working for a Canadian mining company’s "
            "subsidiary.</p>"
            "<p>The second was hosted under the auspices of the Human Rights "
            "Research and Education Centre at the University of Ottawa, under the "
            "title “Criminalization of dissent: Impacts on human rights and "
            "environmental defenders”. It featured Lolita Chavez, Coordinator of the "
            "K’iche People’s Council in Guatemala, who spoke about her people’s "
            "struggle, the creativity it takes to resist peacefully, and the "
            "constant threats to her own life, as well as those faced by fellow "
            "defenders of land and human rights.</p>"
        ),
        "links": [],
        "campaigns": ["uphold-the-right-to-dissent"],
    },
    {
        "date_label": "2013",
        "sort_date": "2013-01-01",
        "title": "“Listed entities”, the Anti-Terrorism Act and Implications for Canadian NGOs (NGO forum)",
        "body_html": (
            "<p>In November 2013, ICLMG organized a one-day forum for Canadian NGOs, "
            "co-sponsored with the Canadian Council for International Co-operation "
            "(CCIC) and Peacebuild. Its aim was to build understanding of the "
            "Anti-Terrorism Act (ATA), especially how terrorist entities get listed, "
            "and of the implications and possible risks of dealing with those "
            "entities, whether on purpose or not. The Afghan Taliban and the Haqqani "
            "Network, both recently listed, were used as case studies.</p>"
            "<p>NGOs working in humanitarian aid, development, peacebuilding and "
            "civil liberties took part, along with lawyers and retired Canadian "
            "government officials. Together they explored how terrorist ‘listing’ "
            "affects peace processes and the delivery of humanitarian aid and "
            "development programs; the hesitation, or “chill factor”, that the ATA "
            "can cause when NGOs plan work in some parts of the world; and the risks "
            "that listings pose for NGOs, including the chance they could lose their "
            "charitable status. The forum’s findings and first conclusions fed into "
            "a follow-up action plan on the issue.</p>"
        ),
        "links": [],
        "campaigns": [],
    },
    {
        "date_label": "2013",
        "sort_date": "2013-01-01",
        "title": "The Human Cost of Killer Drones, featuring Farea Al-Muslimi (public event)",
        "body_html": (
            "<p>This public event set out to raise awareness and spark critical "
            "discussion of the illegal US drone strikes on targeted individuals in "
            "Yemen and Pakistan. It also denounced the terror these strikes spread "
            "among local people and how they backfire in the war against terror.</p>"
            "<p>The speakers were Farea Al-Muslimi, a Yemeni activist who had given "
            "powerful testimony about US drone strikes in Yemen at a hearing in "
            "Congress, testimony that all but pushed President Obama into "
            "acknowledging the use of drones; Alex Neve, Secretary General of Amnesty "
            "International Canada; and John Packer, Constitutions and Process Design "
            "Expert in the Policy and Mediation Division of the United Nations "
            "Department of Political Affairs.</p>"
            "<p>The event took place in November 2013 at the University of Ottawa and "
            "was a success: more than 100 people attended in person, and many more "
            "followed the panel by livestream. A video of the event is "
            "available.</p>"
        ),
        "links": [],
        "campaigns": [],
    },
    {
        "date_label": "2010",
        "sort_date": "2010-01-01",
        "title": "The NDP and Bill C-42 on the US Secure Flight list",
        "body_html": (
            "<p>Bill C-42 allowed the US Department of Homeland Security to receive "
            "passenger information and had Canadian airlines apply the US Secure "
            "Flight program (the US no-fly list). Secure Flight covers every flight "
            "to and from Canada, on top of Canada’s own no-fly list, even when the "
            "flight does not go through the United States.</p>"
            "<p>Several Members of Parliament who opposed the bill echoed ICLMG’s "
            "position, which drew on the findings of our action-research project "
            "and clearinghouse on traveller surveillance. MPs quoted ICLMG some "
            "half-dozen times in the House debate. Sadly, the bill passed in "
            "December 2010.</p>"
            "<p>Document: ICLMG Submission to Transport Committee on Bill C-42 Re: "
            "U.S. Secure Flight, November 25, 2010.</p>"
        ),
        "links": [],
        "campaigns": ["oversight-of-national-security-agencies"],
    },
    {
        "date_label": "2009 and 2012",
        "sort_date": "2012-01-01",
        "title": "United Nations Universal Periodic Review submissions",
        "body_html": (
            "<p>ICLMG filed briefs with the UN Human Rights Council for Canada’s "
            "first and second Universal Periodic Review (UPR). In the 2009 review, "
            "ICLMG’s brief was quoted more than any other in the UN’s summary of "
            "information from stakeholders.</p>"
            "<p>The UPR is a one-of-a-kind process that reviews the human rights "
            "record of every UN Member State. Carried out by the States themselves "
            "under the Human Rights Council’s authority, it gives each State under "
            "review the chance to declare what it has done to better its human "
            "rights record and meet its human rights obligations.</p>"
            "<p>Documents from Canada’s reviews:</p>"
            "<ul>"
            "<li>Submission of Information by the ICLMG to the Office of the High "
            "Commissioner for Human Rights in relation to the Human Rights Council’s "
            "Universal Periodic Review of Canada to take place in April 2013 "
            "(October 2012)</li>"
            "<li>ICLMG Submission Re: Human Rights Council’s Universal Periodic "
            "Review (UPR) of Canada (February 2009)</li>"
            "</ul>"
        ),
        "links": [],
        "campaigns": [],
    },
    {
        "date_label": "2009",
        "sort_date": "2009-01-01",
        "title": "A House of Commons majority backs the O’Connor recommendations",
        "body_html": (
            "<p>ICLMG and Amnesty led the lobbying of MPs to support putting the "
            "O’Connor recommendations into effect, including his model for "
            "oversight. In December 2009, every MP in the House except the "
            "Conservatives voted for a motion supporting those recommendations. The "
            "motion also asked for a government apology to Abdullah Almalki, Ahmad "
            "Abou-Elmaati and Muayyed Nureddin. Sadly, the Harper government refused "
            "to respect that resolution.</p>"
        ),
        "links": [],
        "campaigns": ["oversight-of-national-security-agencies"],
    },
    {
        "date_label": "2008-2010",
        "sort_date": "2010-01-01",
        "title": "Research and clearinghouse project on border controls and no-fly lists",
        "body_html": (
            "<p>ICLMG carried out a project combining action research with a "
            "clearinghouse, focused on how travellers are placed under surveillance. "
            "It examined how travellers are screened at Canadian airports and at "
            "Canada/U.S. border crossings, and what that means for the human rights, "
            "civil liberties and privacy of asylum seekers, landed immigrants, "
            "permanent residents and Canadian citizens.</p>"
            "<p>In addition, it set up an online clearinghouse to document, as fully "
            "as possible, how many travellers were stopped, questioned, detained "
            "and/or refused entry (or refused boarding) in Canada or the U.S., and "
            "what happened to them.</p>"
            "<p>The final report came out in January 2010. It flagged serious "
            "concerns about how little the Canada Border Services Agency (CBSA) is "
            "held accountable, and about the absence of due process around no-fly "
            "lists. It drew significant media coverage and public interest.</p>"
        ),
        "links": [],
        "campaigns": ["oversight-of-national-security-agencies"],
    },
    {
        "date_label": "2007 and 2013",
        "sort_date": "2013-01-01",
        "title": "The security certificate cases at the Supreme Court",
        "body_html": (
            "<p>Alongside the Canadian Council for Refugees (CCR), ICLMG intervened "
            "in the Charkaoui case, the Supreme Court of Canada’s landmark 2007 "
            "decision on whether the procedures used to decide if a security "
            "certificate is reasonable, and to review detention under one, were "
            "constitutional. The Court ruled that the process breached the Charter’s "
            "guarantees of liberty and habeas corpus (sections 7, 9 and 10), because "
            "it kept the named person from examining the evidence behind the "
            "certificate. It struck down the regime, declaring sections 33 and 77 to "
            "85 of the Immigration and Refugee Protection Act to be without force or "
            "effect, but suspended that ruling for one year.</p>"
            "<p>Twelve months on, the government amended the regime by bringing in "
            "‘special advocates’. As predicted, this ‘new’ regime was challenged "
            "before the Supreme Court again in 2013, this time led by Mohamed "
            "Harkat’s case, and ICLMG once more intervened jointly with CCR. "
            "Unfortunately, the Court found the new security certificate system "
            "constitutional, though it recognized that Mohamed Harkat’s rights had "
            "been violated.</p>"
        ),
        "links": [],
        "campaigns": ["stop-harkat-deportation"],
    },
    {
        "date_label": "2007",
        "sort_date": "2007-01-01",
        "title": "Blocking the re-introduction of sunsetted Anti-terrorism Act powers",
        "body_html": (
            "<p>Two Anti-terrorism Act provisions, ‘preventative detention’ and "
            "‘investigative hearings’, had been subject to a five-year sunset "
            "clause. ICLMG’s letters to the members of a split Liberal caucus "
            "weighed heavily in the vote on bringing them back, and the motion to "
            "re-introduce them was defeated. Unfortunately, the Harper government "
            "reinstated both measures in 2011.</p>"
        ),
        "links": [],
        "campaigns": [],
    },
    {
        "date_label": "2007",
        "sort_date": "2007-01-01",
        "title": "Creation of the Iacobucci Commission of Inquiry",
        "body_html": (
            "<p>ICLMG and the “group of interveners” had also asked the O’Connor "
            "Commission to recommend a further public inquiry into the cases of "
            "Abdullah Almalki, Ahmad Abou-Elmaati and Muayyed Nureddin, three other "
            "Canadians who were imprisoned and tortured in Syria and Egypt. Justice "
            "O’Connor included that request in his final recommendations.</p>"
            "<p>The government set up the Iacobucci Inquiry in 2007. It was asked to "
            "review how Canada shared intelligence with the U.S., Syria, Egypt and "
            "other countries, and to find out whether Canadian officials had been "
            "complicit in the abuse alleged. ICLMG asked for, and was granted, "
            "intervener status.</p>"
            "<p>Justice Iacobucci found that Canada’s government did not directly "
            "cause the torture of the three men, but that their mistreatment was an "
            "indirect result of what Canadian officials did, most likely through the "
            "sharing of erroneous information.</p>"
        ),
        "links": [],
        "campaigns": ["oversight-of-national-security-agencies"],
    },
    {
        "date_label": "2006",
        "sort_date": "2006-01-01",
        "title": "The book Illusions of Security by Maureen Webb",
        "body_html": (
            "<p>Maureen Webb’s book <em>Illusions of Security – Democracy in the "
            "Post 9/11 World</em> grew out of the research and report prepared for "
            "the International Campaign Against Mass Surveillance (ICAMS). A "
            "provocative read when it came out, it asked what governments should and "
            "should not do to keep us safe from more terrorist attacks. It took a "
            "hard look at a little-examined side of the “war on terror” led by the "
            "U.S.: the turn to mass surveillance on a global scale and to a "
            "“preemptive” security model, and what that does to human rights and "
            "democratic values worldwide.</p>"
        ),
        "links": [],
        "campaigns": [],
    },
    {
        "date_label": "2006",
        "sort_date": "2006-01-01",
        "title": "Civil Society Forum at the International Conference of Privacy Commissioners",
        "body_html": (
            "<p>With a grant from the Office of the Privacy Commissioner (OPC), "
            "ICLMG organized an international Civil Society Forum alongside the "
            "International Conference of Privacy Commissioners, which the OPC hosted "
            "in Montreal in 2006. It drew on the networks and partnerships built "
            "during the International Campaign Against Mass Surveillance (ICAMS). "
            "The following year, at their next international conference, held in "
            "Spain, the world’s Privacy Commissioners adopted both the forum’s "
            "recommendations and the ICAMS Declaration.</p>"
        ),
        "links": [],
        "campaigns": [],
    },
    {
        "date_label": "2006",
        "sort_date": "2006-01-01",
        "title": "Colloquium: The Human Rights of Anti-terrorism",
        "body_html": (
            "<p>Together with Amnesty International and Craig Forcese, a professor "
            "in the University of Ottawa’s Faculty of Law, ICLMG co-sponsored a "
            "colloquium that brought lawyer-activists and legal scholars from Canada "
            "and abroad together to explore how anti-terrorism and human rights "
            "interact: their interplay, their synergies and their tensions. At the "
            "end, the experts assembled and finalized <em>The Ottawa Principles on "
            "Anti-Terrorism and Human Rights</em>, which set out precise standards "
            "in nearly a dozen areas. The colloquium took place in June 2006 at the "
            "University of Ottawa.</p>"
        ),
        "links": [],
        "campaigns": [],
    },
    {
        "date_label": "2006",
        "sort_date": "2006-01-01",
        "title": "A minority report calling for repeal of the Anti-terrorism Act",
        "body_html": (
            "<p>When Parliament reviewed the Anti-Terrorism Act in 2006, ICLMG "
            "played a decisive part in shaping where the NDP and the Bloc Québécois "
            "finally landed, and had an instrumental hand in drafting a minority "
            "report that the two opposition parties tabled together in Parliament. "
            "The minority report called for the Anti-terrorism Act to be "
            "repealed.</p>"
        ),
        "links": [],
        "campaigns": [],
    },
    {
        "date_label": "2005",
        "sort_date": "2005-01-01",
        "title": "Launching the International Campaign Against Mass Surveillance (ICAMS)",
        "body_html": (
            "<p>ICLMG worked with its international partners to plan and launch the "
            "International Campaign Against Mass Surveillance. The campaign’s work "
            "included a Declaration and a major report on surveillance worldwide. "
            "The Declaration urged governments to stop subjecting whole populations "
            "to mass surveillance and global registration. No campaign before it had "
            "looked at global surveillance in such depth, and more than 300 civil "
            "society organizations around the world endorsed its Declaration.</p>"
            "<p>Documents:</p>"
            "<ul>"
            "<li>International Campaign Against Mass Surveillance (ICAMS): The "
            "Emergence of a Global Infrastructure for Mass Registration and "
            "Surveillance (Executive Summary), April 20, 2005</li>"
            "<li>International Campaign Against Mass Surveillance (ICAMS): The "
            "Emergence of a Global Infrastructure for Mass Registration and "
            "Surveillance (Full Report), April 2005</li>"
            "</ul>"
        ),
        "links": [],
        "campaigns": [],
    },
    {
        "date_label": "2004",
        "sort_date": "2004-01-01",
        "title": "The Arar/O’Connor Commission of Inquiry",
        "body_html": (
            "<p>When Maher Arar returned home in the fall of 2003, ICLMG was central "
            "to building support for a public inquiry into how he came to be sent to "
            "torture on suspicion of terrorist links.</p>"
            "<p>The Liberal government responded in January 2004, announcing a "
            "Commission of Inquiry headed by Justice Dennis O’Connor. It was asked "
            "to look into the conduct of Canadian officials in the Arar case, and to "
            "advise the government on policy for the oversight and review of "
            "national security work done by the RCMP.</p>"
            "<p>ICLMG received intervener status. It followed the whole public "
            "process closely and took an active part, coordinating its strategic "
            "contributions with the “group of civil society interveners”.</p>"
            "<p>The Commission exonerated Maher Arar, finding that Canadian officials "
            "had passed false information about him to the United States. The "
            "Government of Canada apologized to him.</p>"
            "<p>Justice O’Connor further recommended a single, integrated set of "
            "oversight and complaint mechanisms covering every intelligence and "
            "security agency in Canada, CSEC, CSIS, the RCMP and the CBSA among "
            "them. Many features of his model matched what ICLMG had proposed in its "
            "final brief to the Commission.</p>"
        ),
        "links": [],
        "campaigns": ["oversight-of-national-security-agencies"],
    },
    {
        "date_label": "2004",
        "sort_date": "2004-01-01",
        "title": "International Public Forum on Anti-Terrorism and the Security Agenda",
        "body_html": (
            "<p>ICLMG convened an international public forum called "
            "<em>Anti-Terrorism and the Security Agenda: Impacts on Rights, Freedoms "
            "and Democracy</em>. The gathering brought together civil society groups "
            "from many countries and made it possible to:</p>"
            "<ul>"
            "<li>form new partnerships and begin working together across borders, "
            "bringing together groups from Canada, Europe, the United States and the "
            "Global South, among them Statewatch (EU), the ACLU (US), the Center for "
            "Constitutional Rights and Focus on the Global South;</li>"
            "<li>build a broader understanding and a shared analysis of security "
            "and anti-terrorism issues; and</li>"
            "<li>weigh whether joint international strategies and actions made "
            "sense, and start developing them.</li>"
            "</ul>"
            "<p>The forum was a success. It gave rise to the International Campaign "
            "Against Mass Surveillance (ICAMS) and laid the groundwork for more than "
            "ten years of joint work with international partners on issues they "
            "share.</p>"
        ),
        "links": [],
        "campaigns": [],
    },
    {
        "date_label": "2002-2003",
        "sort_date": "2003-01-01",
        "title": "The case of Maher Arar",
        "body_html": (
            "<p>Along with Amnesty International and CAIR-CAN, ICLMG was one of the "
            "first organizations to call for Canadian citizen Maher Arar to be "
            "brought home from Syria. At the request of the US, and based on "
            "erroneous information that Canadian officials had passed along, Syrian "
            "intelligence held and tortured him for a year.</p>"
        ),
        "links": [],
        "campaigns": ["oversight-of-national-security-agencies"],
    },
]
