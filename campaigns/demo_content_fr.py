"""The demo content in French: the same facts as demo_content.py, written in Canadian French."""

ORGANIZATION = {
    "full_name": "Coalition pour la surveillance internationale des libertés civiles",
    "short_name": "CSILC",
    "mailing_address": "100-1, rue Exemple\nOttawa (Ontario)  K1A 0B1",
}

SITE_APPEAL = {
    "title": "Puisque vous êtes ici…",
    "text_html": (
        "<p>Pouvons-nous vous demander un petit service? À la CSILC, nous travaillons fort "
        "pour défendre et faire progresser les droits de la personne et les libertés "
        "civiles au Canada, dans l’ombre de la soi-disant « guerre contre le terrorisme ».</p>"
        "<p>Nous n’acceptons aucun financement des gouvernements fédéral, provinciaux ou "
        "municipaux, ni d’aucun parti politique. C’est pourquoi chaque don, petit ou grand, "
        "compte autant pour notre travail.</p>"
        "<p>Vous hésitez encore? Jetez un coup d’œil à ce que nous avons accompli et obtenu "
        "depuis la fondation de la coalition en mai 2002. Merci de votre générosité!</p>"
    ),
}

TARGETS = {
    "ralph.goodale@parl.gc.ca": {
        "title": "Ministre de la Sécurité publique",
        "salutation": "Monsieur le Ministre",
        "language": "",
    },
    "john.mccallum@parl.gc.ca": {
        "title": "Ministre de l’Immigration",
        "salutation": "Monsieur le Ministre",
        "language": "",
    },
}

CAMPAIGNS = {
    "stop-harkat-deportation": {
        "slug": "non-a-l-expulsion-de-mohamed-harkat",
        "title": "Non à l’expulsion de Mohamed Harkat vers la torture",
        "summary": (
            "Visé par un certificat de sécurité depuis décembre 2002, Mohamed Harkat risque "
            "aujourd’hui d’être expulsé vers l’Algérie, où il pourrait être torturé. Sa "
            "femme, Sophie, vous demande de prendre une minute pour écrire aux ministres."
        ),
        "story_html": (
            "<p>La CSILC a écrit au ministre de la Sécurité publique, Ralph Goodale, pour lui "
            "demander de soustraire Mohamed Harkat à l’expulsion afin qu’il puisse rester au "
            "Canada et continuer de vivre auprès de sa femme et de sa famille. Ci-dessous, "
            "Sophie Harkat, la femme de Mohamed, explique pourquoi votre voix est de nouveau "
            "nécessaire.</p>"
            "<h2>Le message de Sophie Harkat</h2>"
            "<p>Mohamed est visé par un certificat de sécurité depuis décembre 2002 et il "
            "risque aujourd’hui d’être renvoyé vers la torture. La lettre le déclarant "
            "interdit de territoire lui est parvenue en pleine campagne électorale fédérale, "
            "et maintenant, sous un gouvernement libéral, l’Agence des services frontaliers du "
            "Canada (ASFC) continue de préparer son renvoi.</p>"
            "<p>Le rapport de l’ASFC prétend que Mohamed n’a pas joué un rôle actif dans la "
            "société, qu’il n’a pas soutenu financièrement sa famille et que Sophie se "
            "débrouillerait très bien sans lui. Ce que le rapport passe sous silence, c’est "
            "tout ce qu’on lui a fait subir :</p>"
            "<ul>"
            "<li>43 mois de détention, sans aucune accusation;</li>"
            "<li>sept ans et demi d’assignation à résidence, sous les conditions de mise en "
            "liberté les plus sévères de l’histoire canadienne;</li>"
            "<li>l’interdiction, toujours en vigueur, d’utiliser un ordinateur, Internet ou "
            "un téléphone cellulaire hors de chez lui;</li>"
            "<li>une réputation détruite par des allégations.</li>"
            "</ul>"
            "<p>Avant son arrestation, Mohamed occupait trois emplois, et il cherche "
            "activement un emploi à temps plein.</p>"
            "<p>Le même rapport reconnaît que Mohamed pourrait être en danger s’il est "
            "renvoyé en Algérie, mais soutient que les risques seraient plus grands pour les "
            "Canadiens s’il reste ici.</p>"
            "<p>L’hiver dernier, plus d’un millier d’entre vous ont écrit. "
            "<strong>Merci!</strong> Mais le gouvernement n’a pas bougé.</p>"
            "<h3>Ce qui a changé depuis</h3>"
            "<ol>"
            "<li>Le gouvernement libéral s’est engagé à signer le Protocole facultatif se "
            "rapportant à la Convention contre la torture de l’ONU.</li>"
            "<li>Le Royaume-Uni a refusé de renvoyer huit Algériens en Algérie, où ils "
            "risqueraient la torture, la détention ou d’autres menaces pour leur "
            "sécurité.</li>"
            "<li>Le gouvernement américain a conclu qu’il ne peut pas se fier aux assurances "
            "diplomatiques et qu’une fois un détenu transféré, il n’a aucun moyen de savoir "
            "ce qu’il advient de lui. Bien des détenus transférés ont été torturés.</li>"
            "</ol>"
            "<p>Alors pourquoi le gouvernement poursuit-il l’expulsion de Mohamed? Posez "
            "vous-même la question aux ministres : envoyer la lettre ci-dessous ne prend "
            "qu’une minute. Elle est adressée au ministre de la Sécurité publique, Ralph "
            "Goodale, et au ministre de l’Immigration, John McCallum, avec une copie à "
            "l’adresse de campagne de la famille, letharkatstay@gmail.com.</p>"
            "<p>Sophie remercie tout le monde de son appui, de sa solidarité et de sa "
            "générosité. Elle voit en Mohamed un atout pour notre société, qui ferait un "
            "<strong>excellent</strong> Canadien, et un grand cercle d’amis et de proches "
            "qui l’aiment veulent qu’il reste au Canada.</p>"
        ),
        "appeal_text": (
            "La famille Harkat ne reçoit aucune aide juridique. Si vous le pouvez, aidez-la à "
            "payer les frais juridiques de Mohamed par l’entremise de Justice for Harkat."
        ),
        "letter": {
            "subject": "Soustrayez Mohamed Harkat à l’expulsion vers la torture",
            "body": (
                "Votre gouvernement a annoncé son intention d’adhérer au Protocole facultatif "
                "se rapportant à la Convention contre la torture de l’ONU. Dans le même "
                "esprit, nous vous demandons de respecter les obligations du Canada en vertu "
                "de la Convention contre la torture, en particulier l’article 2 (« Aucune "
                "circonstance exceptionnelle, quelle qu’elle soit, qu’il s’agisse de l’état "
                "de guerre ou de menace de guerre, d’instabilité politique intérieure ou de "
                "tout autre état d’exception, ne peut être invoquée pour justifier la "
                "torture. ») et l’article 3 (« Aucun État partie n’expulsera, ne refoulera, "
                "ni n’extradera une personne vers un autre État où il y a des motifs sérieux "
                "de croire qu’elle risque d’être soumise à la torture. »).\n"
                "\n"
                "Nous vous écrivons parce que le Canada cherche toujours à expulser "
                "M. Mohamed Harkat vers l’Algérie. M. Harkat vit au Canada depuis 20 ans. En "
                "Algérie, il courrait un risque sérieux d’être torturé, parce qu’il a fui "
                "l’Algérie comme réfugié et en raison des allégations non fondées touchant la "
                "sécurité de l’État portées contre lui.\n"
                "\n"
                "Comme vous le savez sans doute, le dossier de M. Harkat a suivi la "
                "procédure des certificats de sécurité, un système d’audiences secrètes "
                "qu’on peut à juste titre qualifier de kafkaïen. Il n’a jamais vraiment pu "
                "contester les allégations secrètes sur lesquelles repose la preuve contre "
                "lui, ni y répondre. Ces allégations s’appuient sur un informateur secret, "
                "qui a échoué au détecteur de mensonges.\n"
                "\n"
                "Même le SCRS et la GRC, les propres services de sécurité de l’État, "
                "reconnaissent que M. Harkat n’a jamais commis d’acte de violence ni enfreint "
                "aucune loi; il a réussi sa vérification des antécédents criminels. Toutes les "
                "évaluations du risque menées par l’ASFC et le SCRS depuis 2009 lui ont été "
                "favorables et ont conclu qu’il présente un faible risque.\n"
                "\n"
                "Nous vous demandons aussi de tenir compte d’une décision récente de la Cour "
                "d’appel du Royaume-Uni. Sir Anthony Clarke, lord juge Buxton et lady juge "
                "Smith ont refusé que huit hommes soient expulsés vers l’Algérie, malgré les "
                "soi-disant « assurances diplomatiques » du régime algérien promettant qu’ils "
                "ne seraient pas torturés. Amnistie internationale et d’autres organisations "
                "internationales de défense des droits de la personne préviennent depuis des "
                "années que, dans les affaires de droits de la personne, ces assurances ne "
                "valent rien. Elles contreviennent aussi aux articles 2 et 3 de la Convention "
                "contre la torture, que le Canada a signée et à laquelle il adhère toujours.\n"
                "\n"
                "Nous vous prions instamment de soustraire M. Harkat à l’expulsion et de lui "
                "permettre de rester au Canada, où il pourra vivre avec sa femme et sa famille."
            ),
        },
    },
    "uphold-the-right-to-dissent": {
        "slug": "defendre-le-droit-a-la-dissidence",
        "title": "Des groupes canadiens demandent au gouvernement de défendre le droit à la dissidence",
        "summary": (
            "Huit organisations canadiennes préviennent qu’une motion de l’opposition "
            "condamnant le mouvement BDS menace notre droit à la dissidence, garanti par la "
            "Charte. Joignez votre voix à la leur et dites à votre député que vous vous y "
            "opposez."
        ),
        "story_html": (
            "<p>Huit organisations canadiennes, des syndicats et des Églises aux groupes de "
            "défense des libertés civiles, se sont unies pour exprimer leur vive inquiétude "
            "au sujet d’une motion de l’opposition condamnant le mouvement pour le boycott, "
            "le désinvestissement et les sanctions (BDS).</p>"
            "<p>Les signataires croient fermement aux droits et libertés démocratiques de "
            "toutes les personnes au Canada, et notre Charte des droits et libertés garantit "
            "le droit à la dissidence. Toute tentative de faire taire, d’intimider, de "
            "condamner ou de criminaliser les personnes et les groupes qui appuient le "
            "mouvement BDS, ou qui sympathisent avec lui, par des moyens pacifiques et non "
            "violents doit être fermement rejetée.</p>"
            "<p>Dénoncer les politiques du Canada, ou de tout autre pays, n’a rien de "
            "condamnable : c’est le cœur même de notre liberté et de notre démocratie. Les "
            "signataires défendent ces principes et demandent à notre gouvernement de "
            "prendre le même engagement.</p>"
        ),
        "action_title": "Dites à votre député que vous vous opposez à la motion anti-boycott!",
        "cosigners": {
            "Canadian Friends Service Committee (Quakers)": "Secours Quaker canadien (Quakers)",
            "Canadian Labour Congress (CLC)": "Congrès du travail du Canada (CTC)",
            "Canadian Union of Public Employees (CUPE)": "Syndicat canadien de la fonction publique (SCFP)",
            "Canadian Union of Postal Workers (CUPW)": "Syndicat des travailleurs et travailleuses des postes (STTP)",
            "Independent Jewish Voices (IJV)": "Voix juives indépendantes (VJI)",
            "International Civil Liberties Monitoring Group (ICLMG)": "Coalition pour la surveillance internationale des libertés civiles (CSILC)",
            "Ligue des droits et libertés (LDL)": "Ligue des droits et libertés (LDL)",
            "United Church of Canada (UCC)": "Église Unie du Canada (EUC)",
        },
        "letter": {
            "subject": "Veuillez vous opposer à la motion condamnant le mouvement BDS",
            "body": (
                "En tant que personne de votre circonscription, je vous écris pour vous dire "
                "que je m’oppose à la motion de l’opposition condamnant le mouvement pour le "
                "boycott, le désinvestissement et les sanctions (BDS), et pour vous demander "
                "de voter contre.\n"
                "\n"
                "Notre Charte des droits et libertés protège le droit à la dissidence. Les "
                "personnes et les groupes qui appuient le mouvement BDS, ou qui sympathisent "
                "avec lui, de façon pacifique et non violente ne doivent être ni "
                "criminalisés, ni condamnés, ni intimidés, ni réduits au silence.\n"
                "\n"
                "Critiquer les politiques du Canada ou d’un autre pays, ou s’y opposer, est au "
                "cœur d’une société libre et démocratique. Huit organisations canadiennes, "
                "dont le Congrès du travail du Canada, l’Église Unie du Canada et la "
                "Coalition pour la surveillance internationale des libertés civiles, ont "
                "demandé au gouvernement de défendre ces principes. Je vous demande d’en faire "
                "autant.\n"
                "\n"
                "Je vous saurais gré de me faire connaître votre position sur cette motion."
            ),
        },
    },
    "oversight-of-national-security-agencies": {
        "slug": "surveillance-des-agences-de-securite-nationale",
        "title": "Un examen et une surveillance rigoureux des agences canadiennes de sécurité nationale",
        "summary": (
            "Des années après la Commission Arar, les agences de sécurité du Canada ne sont "
            "toujours pas surveillées comme elles le devraient. Écrivez au ministre de la "
            "Sécurité publique avec cinq demandes, de l’abrogation du projet de loi C-51 aux "
            "recommandations du juge O’Connor."
        ),
        "story_html": (
            "<p>Le Canada compte de nombreuses agences de sécurité nationale, dont le CSTC, "
            "le SCRS, la GRC et l’ASFC. Les mécanismes qui surveillent et examinent leur "
            "travail sont faibles et, pour certaines agences, ils n’existent tout "
            "simplement pas.</p>"
            "<p>Cette lacune a coûté cher. Des citoyens canadiens, dont Maher Arar, Abdullah "
            "Almalki, Ahmad El-Maati et Muayyed Nurredin, ont été envoyés à l’étranger pour y "
            "être torturés (restitution extraordinaire), une grave atteinte à leurs droits "
            "fondamentaux.</p>"
            "<p>En concluant la Commission Arar en 2006, le juge O’Connor a formulé plusieurs "
            "recommandations pour que de telles atrocités ne se reproduisent jamais. Son "
            "message central : les agences de sécurité nationale du Canada ont besoin d’une "
            "surveillance et d’un examen solides, intégrés et complets.</p>"
            "<p>Bien des années plus tard, le gouvernement fédéral n’a toujours pas mis ces "
            "recommandations en œuvre. Voici comment vous pouvez aider : écrivez au ministre "
            "de la Sécurité publique.</p>"
            "<h3>Par courriel ou par la poste</h3>"
            "<p>Utilisez le formulaire de cette page pour écrire au ministre à "
            '<a href="mailto:ralph.goodale@parl.gc.ca">ralph.goodale@parl.gc.ca</a>, ou '
            "imprimez votre lettre et postez-la. Aucun timbre n’est nécessaire : le courrier "
            "adressé à un député est acheminé en franchise postale.</p>"
            "<blockquote><p>Ministre de la Sécurité publique, Ralph Goodale, Chambre des "
            "communes, Ottawa (Ontario)  K1A 0A6</p></blockquote>"
        ),
        "letter": {
            "subject": "Un examen et une surveillance rigoureux des agences de sécurité nationale",
            "body": (
                "Je vous écris pour demander au gouvernement libéral de prendre les mesures "
                "suivantes :\n"
                "\n"
                "- Abroger la Loi antiterroriste de 2015 (projet de loi C-51).\n"
                "- Rendre la liste d’interdiction de vol transparente et soumise à "
                "l’obligation de rendre des comptes.\n"
                "- Veiller à ce que l’espionnage des Canadiens ne soit pas permis.\n"
                "- Mettre en place, le plus tôt possible, les mécanismes d’examen et de "
                "surveillance que le juge O’Connor a recommandés dans le cadre de la "
                "Commission Arar.\n"
                "- N’accorder aucun pouvoir supplémentaire au SCRS.\n"
                "\n"
                "Ces changements se font attendre depuis longtemps. Des agences comme le "
                "CSTC, le SCRS, la GRC et l’ASFC ne font toujours pas l’objet d’une "
                "surveillance et d’un examen adéquats. Ce qu’ont vécu Maher Arar, Abdullah "
                "Almalki, Ahmad El-Maati et Muayyed Nurredin, envoyés à la torture, montre ce "
                "qu’il en coûte de les laisser sans contrôle.\n"
                "\n"
                "Dans l’attente de votre réponse."
            ),
        },
    },
}


# The timeline in French, in the order of demo_content.ACHIEVEMENTS: (date as written, title, text).
ACHIEVEMENTS = [
    (
        "En cours",
        "Un forum permanent d’échange d’information, d’analyse commune et d’action collective",
        "<p>La CSILC offre à ses organisations membres un lieu permanent pour échanger de l’information, analyser les enjeux ensemble, agir collectivement et bâtir des positions et un discours communs sur les libertés civiles et les droits de la personne en matière de sécurité nationale et d’« antiterrorisme ».</p>",
    ),
    (
        "En cours",
        "Une présence sur la Colline du Parlement",
        "<p>La CSILC suit de près le processus parlementaire entourant les lois sur la sécurité nationale et l’antiterrorisme, et rencontre régulièrement des députés. Au fil des ans, elle s’est taillé une place respectée aux audiences des comités parlementaires et elle est souvent invitée à informer les parlementaires. Ses nombreux mémoires et rapports en témoignent.</p>",
    ),
    (
        "En cours",
        "Une présence dans les grands médias",
        "<p>La CSILC est aujourd’hui une voix crédible dans les grands médias, dont Radio-Canada, Le Devoir, La Presse canadienne, la Montreal Gazette, le Toronto Star et le Globe and Mail. Elle a participé à de nombreuses conférences de presse sur la Colline et publié de nombreuses lettres d’opinion en ligne.</p>",
    ),
    (
        "En cours",
        "Le bulletin hebdomadaire de la CSILC",
        "<p>Chaque semaine, la CSILC publie en ligne un tour d’horizon des nouvelles, des événements et des appels à l’action sur les libertés civiles, la sécurité nationale et l’antiterrorisme : torture, surveillance, frappes de drones, certificats de sécurité, listes d’interdiction de vol, Guantanamo, criminalisation de la dissidence, périmètre de sécurité nord-américain, surveillance de la police et du renseignement.</p><p>Le bulletin est envoyé à plus de 1 200 contacts, dont des juristes, des universitaires, des militants et des décideurs de partout au pays. Vous pouvez vous y abonner.</p>",
    ),
    (
        "En cours",
        "Partenariats et collaborations",
        "<p>Dès ses débuts, la CSILC s’est fait une réputation de voix crédible et experte auprès des décideurs et des médias, et a tissé un vaste réseau : organisations de défense des libertés civiles, universitaires, groupes de base, équipes juridiques, Commissariat à la protection de la vie privée du Canada et personnes visées par les mesures antiterroristes.</p><p>À l’échelle internationale, la CSILC participe à des rencontres liées aux activités de l’ONU et travaille avec des groupes comme l’ACLU (États-Unis) et Statewatch (Royaume-Uni), ainsi qu’avec des réseaux des pays du Sud.</p>",
    ),
    (
        "En cours",
        "Une expertise recherchée pour des conférences, des livres, des articles et des rapports",
        "<p>De nombreuses personnes et organisations qui travaillent sur l’antiterrorisme, la sécurité nationale et les libertés civiles font appel à la CSILC pour prononcer des conférences, participer à des panels et commenter des livres, des articles et des rapports avant leur publication.</p>",
    ),
    (
        "Juin 2019",
        "Un nouvel organisme d’examen global",
        "<p>Avec la Loi de 2017 sur la sécurité nationale (l’ancien projet de loi C-59), le gouvernement a créé l’Office de surveillance des activités en matière de sécurité nationale et de renseignement (OSSNR), un organisme unique chargé d’examiner toutes les activités de sécurité nationale au Canada, quel que soit l’organisme qui les mène.</p><p>La CSILC réclamait un tel organisme depuis que le juge O’Connor l’a recommandé en 2006, dans son rapport sur l’affaire Maher Arar. L’OSSNR a ses faiblesses, mais c’est un réel progrès.</p>",
    ),
    (
        "Décembre 2018",
        "Un langage inexact et problématique retiré d’un rapport de Sécurité publique",
        "<p>Avec deux de nos membres, l’Organisation mondiale des sikhs et le Conseil national des musulmans canadiens (CNMC), nous avons obtenu des changements au rapport 2018 de Sécurité publique sur la menace terroriste, qui stigmatisait les communautés musulmanes et sikhes en les associant au terrorisme.</p>",
    ),
    (
        "Décembre 2018",
        "Le rapport du Comité contre la torture sur le Canada",
        "<p>Fin novembre 2018, le Comité contre la torture de l’ONU a examiné le rapport du Canada sur la mise en œuvre de la Convention contre la torture. Nous lui avons soumis deux mémoires, dont un sur Omar Khadr, corédigé avec Lawyers’ Rights Watch Canada. Les conclusions du Comité, publiées en décembre, reprenaient bon nombre de nos préoccupations.</p>",
    ),
    (
        "Février 2018",
        "Un mécanisme de recours promis pour les #NoFlyListKids",
        "<p>Nous sommes fiers d’avoir appuyé les #NoFlyListKids dans leur lutte pour un moyen de faire corriger les « faux positifs ». Le gouvernement a enfin promis un mécanisme de recours centralisé, que la CSILC et d’autres réclamaient depuis des années.</p><p>Un tel mécanisme ne suffit pas à réparer le programme de liste d’interdiction de vol : la CSILC continue de demander son abrogation.</p>",
    ),
    (
        "Janvier 2018",
        "Hassan Diab est de retour au Canada!",
        "<p>Hassan Diab est enfin rentré chez lui le lundi 15 janvier 2018, après trois ans et deux mois d’isolement en France, sans jamais avoir été accusé. Nous sommes fiers d’avoir participé à la campagne pour la justice dès ses premiers jours.</p><p>Comme le parquet français fait appel de sa libération, nous avons demandé au premier ministre Trudeau, dans une lettre ouverte, une enquête publique indépendante sur ce qu’a vécu Hassan.</p>",
    ),
    (
        "Automne 2017",
        "Série de conférences Sécurité nationale et droits de la personne",
        "<p>Pour éclairer le monde opaque des politiques de sécurité nationale, nous avons organisé une série de conférences avec notre membre le Syndicat canadien de la fonction publique (SCFP) : la nouvelle Loi sur la sécurité nationale (C-59), l’islamophobie, la criminalisation de la dissidence et la complicité du Canada dans la torture. Des centaines de personnes y ont assisté en personne ou en ligne; les vidéos sont accessibles.</p>",
    ),
    (
        "Été 2017",
        "Des questions sur la sécurité nationale aux candidats à la direction du NPD",
        "<p>Nous avons envoyé à chaque candidat à la direction du NPD un questionnaire sur les droits de la personne, la sécurité nationale et l’antiterrorisme, puis publié leurs réponses avec nos commentaires et nos notes.</p>",
    ),
    (
        "Mars et juillet 2017",
        "Des règlements pour les survivants de la torture Almalki, Elmaati, Nurredin et Khadr",
        "<p>En mars 2017, Abdullah Almalki, Ahmad Elmaati et Muayyed Nurredin ont enfin reçu des excuses et une indemnisation du gouvernement du Canada, après avoir été détenus et torturés en Syrie et en Égypte à la suite d’informations erronées transmises par des responsables canadiens.</p><p>En juillet 2017, Omar Khadr a lui aussi été indemnisé et a reçu des excuses d’Ottawa. Pendant des années, la CSILC et ses alliés ont réclamé justice pour ces hommes.</p>",
    ),
    (
        "Juin 2017",
        "L’égalité de la citoyenneté rétablie",
        "<p>La CSILC a été parmi les premières à dénoncer la Loi renforçant la citoyenneté canadienne (l’ancien projet de loi C-24), qui permettait de retirer la citoyenneté aux binationaux pour des raisons de sécurité nationale. Le 19 juin, le Parlement a adopté le projet de loi C-6, qui a mis fin à cette citoyenneté à deux vitesses.</p>",
    ),
    (
        "Mai 2017",
        "Les résultats de la consultation sur la sécurité nationale",
        "<p>La consultation du gouvernement sur la sécurité nationale a donné une réponse claire : sur chaque question, la population a dit que la protection de nos droits doit passer en premier. Notre réponse détaillée a servi de référence à de nombreux groupes et particuliers.</p>",
    ),
    (
        "2016",
        "Participation à la consultation sur la sécurité nationale",
        "<p>Paul Cavalluzzo, avocat de la Commission Arar, a représenté la CSILC devant le Comité permanent de la sécurité publique et nationale de la Chambre des communes. Nous lui avons aussi remis un mémoire détaillé, et nous étions à sa séance publique de Montréal, où l’assistance a réclamé l’abrogation de C-51.</p>",
    ),
    (
        "2016",
        "Campagne pour la libération de la Dre Homa Hoodfar, emprisonnée en Iran",
        "<p>Professeure d’anthropologie et de sociologie à l’Université Concordia, la Dre Homa Hoodfar a été détenue à la prison d’Evin, à Téhéran, à partir du 6 juin 2016. La CSILC a fait campagne pour sa libération; elle est enfin rentrée à Montréal le 19 septembre 2016.</p>",
    ),
    (
        "2014-2016",
        "Une voix de premier plan dans la campagne pour libérer Khaled Al-Qazzaz, détenu sans accusation en Égypte",
        "<p>Résident canadien, Khaled Al-Qazzaz a passé plus d’un an à l’isolement en Égypte sans être accusé. La CSILC a notamment participé à une conférence de presse sur la Colline et cosigné une lettre ouverte au premier ministre. Libéré en janvier 2015, il a ensuite pu rentrer au Canada avec sa famille.</p>",
    ),
    (
        "2014-2016",
        "Une voix de premier plan dans la campagne pour libérer le Canadien Salim Alaradi, détenu sans accusation aux Émirats arabes unis",
        "<p>Citoyen canadien et père de cinq enfants, Salim Alaradi a été détenu et torturé aux Émirats arabes unis à partir d’août 2014, sans aucune accusation. La CSILC a publié un communiqué, lancé une action urgente et cosigné une lettre ouverte. Il a été libéré le 2 juin 2016 et est rentré au Canada.</p>",
    ),
    (
        "2014-2015",
        "Campagne pour la libération du journaliste canadien Mohamed Fahmy",
        "<p>Arrêté en Égypte, le journaliste canadien Mohamed Fahmy a été condamné à trois ans de prison pour avoir fait son travail, à l’issue d’un procès qualifié de farce. Sous une forte pression internationale, le président égyptien l’a gracié le 23 septembre 2015.</p>",
    ),
    (
        "2015",
        "Sensibiliser au projet de loi C-51, la Loi antiterroriste de 2015, et le combattre",
        "<p>Dès le dépôt du projet de loi C-51 en janvier 2015, la CSILC a été parmi les toutes premières à s’organiser, à informer et à faire campagne contre ce texte dangereux : stratégie commune, communiqués, lettres ouvertes au premier ministre, dénonciation du peu de temps accordé au débat parlementaire et soutien à ses 43 organisations membres.</p>",
    ),
    (
        "2014",
        "Deux articles de la CSILC sur la surveillance de masse dans la revue de la Ligue des droits et libertés",
        "<p>Après les révélations d’Edward Snowden, ce numéro de la revue de la LDL portait sur l’évolution de la surveillance, de la vie privée et de la protection des renseignements personnels, et sur ce qu’elle signifie pour la démocratie. Deux membres du personnel de la CSILC y ont chacun signé un article.</p>",
    ),
    (
        "2014",
        "Coorganisation d’ARAR+10 : sécurité nationale et droits de la personne, dix ans plus tard",
        "<p>La CSILC a présenté cette conférence avec Amnistie internationale Canada, le Centre de recherche et d’enseignement sur les droits de la personne et le Centre d’études en politiques internationales de l’Université d’Ottawa, dix ans après le début de la Commission d’enquête Arar présidée par le juge O’Connor.</p>",
    ),
    (
        "2014",
        "Une lettre ouverte pressant le premier ministre Harper de renforcer la lutte mondiale contre la torture",
        "<p>Lors de la Journée internationale des droits de l’homme, 30 ans après l’adoption de la Convention contre la torture, la CSILC et d’autres groupes ont demandé au premier ministre Stephen Harper de ratifier le Protocole facultatif, qui prévoit des mécanismes de visite des lieux de détention.</p>",
    ),
    (
        "2013",
        "Des tables rondes sur la « criminalisation de la dissidence » avec une délégation guatémaltèque",
        "<p>En mai 2013, la CSILC, Mines Alerte Canada et les Brigades de paix internationales ont tenu deux tables rondes publiques à Ottawa sur la criminalisation croissante de la dissidence, notamment après une lecture-spectacle sur Adolfo Ich, leader maya tué au Guatemala.</p>",
    ),
    (
        "2013",
        "« Entités inscrites », Loi antiterroriste et conséquences pour les ONG canadiennes (forum des ONG)",
        "<p>En novembre 2013, la CSILC a organisé un forum d’une journée pour les ONG canadiennes, avec le Conseil canadien pour la coopération internationale (CCCI) et Peacebuild, sur l’inscription des entités terroristes et les risques de traiter avec elles, volontairement ou non.</p>",
    ),
    (
        "2013",
        "Le coût humain des drones tueurs, avec Farea Al-Muslimi (événement public)",
        "<p>Cet événement public visait à faire connaître et à débattre des frappes illégales de drones américains au Yémen et au Pakistan, et de la terreur qu’elles sèment. Farea Al-Muslimi, militant yéménite qui avait témoigné devant le Congrès américain, y a pris la parole.</p>",
    ),
    (
        "2010",
        "Le NPD et le projet de loi C-42 sur la liste américaine Secure Flight",
        "<p>Le projet de loi C-42 permettait au département américain de la Sécurité intérieure de recevoir les renseignements des passagers et obligeait les transporteurs canadiens à appliquer le programme Secure Flight, même pour des vols qui ne passent pas par les États-Unis. Plusieurs députés opposés au projet de loi ont repris la position de la CSILC.</p>",
    ),
    (
        "2009 et 2012",
        "Mémoires à l’Examen périodique universel des Nations Unies",
        "<p>La CSILC a soumis des mémoires au Conseil des droits de l’homme pour les premier et deuxième examens périodiques universels du Canada. En 2009, son mémoire a été le plus cité du résumé onusien des informations des parties prenantes.</p>",
    ),
    (
        "2009",
        "Une majorité de la Chambre des communes appuie les recommandations O’Connor",
        "<p>La CSILC et Amnistie ont mené les démarches auprès des députés pour la mise en œuvre des recommandations O’Connor. En décembre 2009, tous les députés sauf les conservateurs ont voté pour une motion en ce sens, qui demandait aussi des excuses à MM. Almalki, Abou-Elmaati et Nureddin. Le gouvernement Harper a refusé d’y donner suite.</p>",
    ),
    (
        "2008-2010",
        "Projet de recherche et centre d’information sur les contrôles frontaliers et les listes d’interdiction de vol",
        "<p>La CSILC a mené un projet de recherche-action, doublé d’un centre d’information en ligne, sur le contrôle des voyageurs dans les aéroports canadiens et aux frontières, et sur ses conséquences pour les droits des demandeurs d’asile, des immigrants, des résidents permanents et des citoyens.</p>",
    ),
    (
        "2007 et 2013",
        "Les certificats de sécurité devant la Cour suprême",
        "<p>Avec le Conseil canadien pour les réfugiés, la CSILC est intervenue dans l’affaire Charkaoui, où la Cour suprême a jugé en 2007 que la procédure des certificats de sécurité violait la Charte. Le régime modifié, avec ses « avocats spéciaux », a été contesté de nouveau en 2013 dans l’affaire Harkat, où la CSILC est encore intervenue avec le CCR; la Cour l’a jugé constitutionnel, tout en reconnaissant que les droits de Mohamed Harkat avaient été violés.</p>",
    ),
    (
        "2007",
        "Empêcher le retour de pouvoirs antiterroristes arrivés à échéance",
        "<p>La « détention préventive » et les « investigations » de la Loi antiterroriste étaient assujetties à une disposition de caducité de cinq ans. Les lettres de la CSILC aux députés d’un caucus libéral divisé ont pesé dans le vote, et la motion visant à les rétablir a été rejetée. Le gouvernement Harper les a toutefois rétablies en 2011.</p>",
    ),
    (
        "2007",
        "Création de la Commission d’enquête Iacobucci",
        "<p>À la demande de la CSILC et d’autres intervenants, le juge O’Connor a recommandé une nouvelle enquête publique sur les cas d’Abdullah Almalki, d’Ahmad Abou-Elmaati et de Muayyed Nureddin. Le gouvernement a créé l’enquête Iacobucci en 2007.</p>",
    ),
    (
        "2006",
        "Le livre Illusions of Security de Maureen Webb",
        "<p>Tiré des recherches de la Campagne internationale contre la surveillance de masse, le livre de Maureen Webb examine ce que les gouvernements devraient faire, ou non, pour nous protéger, et le virage vers la surveillance de masse de la « guerre contre le terrorisme ».</p>",
    ),
    (
        "2006",
        "Forum de la société civile à la Conférence internationale des commissaires à la protection de la vie privée",
        "<p>Grâce à une subvention du Commissariat à la protection de la vie privée, la CSILC a organisé un forum international de la société civile en marge de la conférence internationale tenue à Montréal en 2006.</p>",
    ),
    (
        "2006",
        "Colloque : les droits de la personne et l’antiterrorisme",
        "<p>Avec Amnistie internationale et le professeur Craig Forcese de l’Université d’Ottawa, la CSILC a coparrainé un colloque d’experts d’ici et d’ailleurs, qui a abouti aux Principes d’Ottawa sur l’antiterrorisme et les droits de la personne.</p>",
    ),
    (
        "2006",
        "Un rapport minoritaire réclamant l’abrogation de la Loi antiterroriste",
        "<p>Lors de l’examen de la Loi antiterroriste en 2006, la CSILC a joué un rôle décisif dans les positions du NPD et du Bloc québécois, et contribué à la rédaction du rapport minoritaire qu’ils ont déposé ensemble pour réclamer l’abrogation de la loi.</p>",
    ),
    (
        "2005",
        "Lancement de la Campagne internationale contre la surveillance de masse",
        "<p>Avec ses partenaires internationaux, la CSILC a lancé cette campagne, avec une déclaration et un grand rapport sur la surveillance dans le monde. Plus de 300 organisations de la société civile ont appuyé la déclaration.</p>",
    ),
    (
        "2004",
        "La Commission d’enquête Arar-O’Connor",
        "<p>Au retour de Maher Arar à l’automne 2003, la CSILC a été au cœur des appuis à une enquête publique. En janvier 2004, le gouvernement a créé une commission présidée par le juge Dennis O’Connor sur le rôle des responsables canadiens dans l’affaire Arar.</p>",
    ),
    (
        "2004",
        "Forum public international sur l’antiterrorisme et le programme sécuritaire",
        "<p>La CSILC a réuni des groupes de la société civile de nombreux pays, du Canada, d’Europe, des États-Unis et des pays du Sud, dont Statewatch, pour tisser de nouveaux partenariats et agir ensemble par-delà les frontières.</p>",
    ),
    (
        "2002-2003",
        "L’affaire Maher Arar",
        "<p>Avec Amnistie internationale et CAIR-CAN, la CSILC a été parmi les premières organisations à réclamer le rapatriement du citoyen canadien Maher Arar, détenu et torturé pendant un an en Syrie à la suite d’informations erronées transmises par des responsables canadiens.</p>",
    ),
]
