"""The seed press releases of ../shared/seeds/, as a communications editor types them in.

Each entry says, field by field, what the editor enters in the admin and what a reader must
then find on the page. Body blocks are (block type, value) pairs in the editor's terms; the
test turns them into the admin's form data.
"""

SEED_RELEASES = [
    {
        "seed": "2018-01-15-deuxieme-promotion-eig.md",
        "title": (
            "Une 2ème promotion d’entrepreneurs d’intérêt général entre aujourd’hui dans "
            "l’administration !"
        ),
        "slug": "deuxieme-promotion-eig",
        # 2018-01-15 23:00:00 +01:00, typed in Paris time.
        "date": "2018-01-15 23:00",
        "date_iso": "2018-01-15T23:00:00+01:00",
        "chapeau": (
            "Lancé en janvier 2017, le programme « Entrepreneur.e d’intérêt général » (EIG) "
            "ouvre l’administration à des talents du numérique pour résoudre des défis "
            "d’intérêt général au sein des ministères. Chaque année, une promotion "
            "d’entrepreneurs intègre l’administration pendant 10 mois et participe à la "
            "transformation numérique de l’État."
        ),
        "tags": ["entrepreneur.e d’intérêt général"],
        "categories": [],
        "hero": [
            {
                "filename": "Une_2e_promotion_dEIGentre_dans_ladministration.png",
                "alt_text": "Une seconde génération d'entrepreneur",
                "caption": "",
            }
        ],
        "attachments": [
            {
                "url": "/uploads/CP_Entrepreneurs_interet_general_16012018.pdf",
                "label": "Télécharger le communiqué de presse",
            }
        ],
        "body": [
            (
                "paragraph",
                "<p>Après le succès de la première promotion, réunissant 11 entrepreneurs, une "
                "nouvelle promotion de 28 entrepreneurs fait son entrée dans l’administration "
                "pour l’année 2018.</p>",
            ),
            (
                "paragraph",
                "<p>Sélectionnés parmi plus de 200 candidats par un jury réunissant des membres "
                "de l’administration et de la société civile, les entrepreneurs d’intérêt "
                "général intègrent aujourd’hui leur administration d’accueil pour résoudre 13 "
                "défis, parmi lesquels : lutte contre la fraude, détection d’entreprises en "
                "difficulté, sécurité maritime, cartographie des acteurs de l’innovation "
                "sociale, valorisation des données de santé, accueil numérique des services de "
                "gendarmerie, etc.</p>",
            ),
            (
                "paragraph",
                "<p>Les entrepreneurs d’intérêt général travailleront en équipe et mobiliseront "
                "leurs compétences en développement, datascience et design pour concevoir des "
                "services et produits numériques à destination des agents publics et des "
                "usagers. Ils seront accompagnés de leurs mentors, membres de l’administration, "
                "et seront en interaction constante avec les services de la DINSIC, en "
                "particulier Etalab et l’incubateur de services numériques ainsi qu’avec les "
                "communautés numériques ; et ce afin de diffuser au sein des ministères des "
                "méthodes et techniques liées à la circulation des données, l’agilité, la "
                "culture numérique, et l’ouverture.</p>",
            ),
            (
                "paragraph",
                '<p>Découvrez en détail <a href="https://entrepreneur-interet-general.etalab'
                '.gouv.fr/">les défis et les profils de la 2ème promotion EIG</a>.</p>',
            ),
            (
                "callout",
                {
                    "title": "Le programme Entrepreneur.e d’intérêt général en bref",
                    "text": (
                        "<ul><li>13 défis d’intérêt général</li>"
                        "<li>28 talents recrutés en CDD de 10 mois à compter de janvier 2018</li>"
                        "<li>Une équipe de 2 à 3 entrepreneur·e·s d’intérêt général par défi, "
                        "encadré par un mentor opérationnel et suivi par un mentor stratégique "
                        "au sein des administrations d’accueil</li>"
                        "<li>Des sessions de mentoring animées par Etalab</li>"
                        "<li>Une ouverture à l'écosystème numérique</li></ul>"
                    ),
                    "style": "callout",
                },
            ),
            (
                "paragraph",
                "<p>Le programme « Entrepreneur.e d’intérêt général » est financé par le fonds "
                "« Transition numérique de l’État et modernisation de l’action publique » du "
                "Programme d’Investissements d’Avenir. Il est porté par la <b>Présidence de la "
                "République</b>, soutenu par <b>Mounir Mahjoubi, secrétaire d’État auprès du "
                "Premier ministre chargé du numérique,</b> et piloté par la mission <b>Etalab</b> "
                "au sein de la <b>direction interministérielle du numérique et du système "
                "d'information et de communication de l'État (DINSIC).</b></p>",
            ),
        ],
        "media_on_request": True,
        "expect": {
            "callout_title": "Le programme Entrepreneur.e d’intérêt général en bref",
            "callout_items": 5,
            "quotes": [],
            "important_links": [],
        },
    },
    {
        "seed": "2018-09-09-appel-candidatures-eig3.md",
        "title": (
            "L’État recrute 32 talents du numérique pour former une 3e promotion "
            "d’entrepreneurs d’intérêt général"
        ),
        "slug": "appel-candidatures-eig3",
        "date": "2018-09-09 11:18",
        "date_iso": "2018-09-09T11:18:00+02:00",
        # The seed has no chapeau-text: the editor leads with its first sentence.
        "chapeau": (
            "10 mois, 15 défis et 1 mission : muscler la transition numérique de l’État. Un "
            "nouvel appel à candidature est aujourd’hui lancé pour recruter 32 nouveaux "
            "entrepreneurs d’intérêt général."
        ),
        "tags": ["entrepreneur.e d’intérêt général", "Données ouvertes", "datascience"],
        "categories": ["Communiqué de presse"],
        "hero": [
            {
                "filename": "EIG3-candidature-ok.png",
                # The seed gives no alternative text; the admin requires one to publish.
                "alt_text": "Appel à candidatures pour la 3e promotion des EIG",
                "caption": "",
            }
        ],
        "attachments": [
            {
                "document_filename": "CP_EIG3_Appel_a_candidatures.pdf",
                "label": "Télécharger le communiqué de presse",
            }
        ],
        "body": [
            (
                "paragraph",
                "<p>10 mois, 15 défis et 1 mission : muscler la <b>transition numérique de "
                "l’État</b>. Un nouvel appel à candidature est aujourd’hui lancé pour recruter 32 "
                "nouveaux <b>entrepreneurs d’intérêt général</b> qui depuis 2017, transforment "
                "l’administration de l’intérieur grâce à leurs <b>compétences numériques "
                "pointues</b>.</p>",
            ),
            (
                "paragraph",
                "<p>Le programme <b>Entrepreneur.e d’Intérêt Général (EIG)</b> consiste à "
                "recruter pour <b>10 mois</b> des <b>experts du numérique</b>, externes à "
                "l’administration, afin de relever des défis ciblés pour le compte d’un "
                "ministère. Leurs points communs ? Des compétences numériques d’exception, une "
                "appétence pour les <b>données</b> et le sens de l’intérêt général.</p>",
            ),
            ("heading", {"text": "Attirer de nouveaux profils dans l’État", "level": "h2"}),
            (
                "paragraph",
                "<p>Experts en datascience, design et développement, les <b>entrepreneurs "
                "d’intérêt général</b> incarnent les nouveaux métiers de la donnée nécessaires à "
                "la <b>transformation numérique de l’État</b>. Une fois <b>sélectionnés par un "
                "jury</b>, les EIG intègreront en <b>équipe de 2 ou 3</b> leur administration "
                "d’accueil. Tout au long de leur <b>immersion de 10 mois</b>, ils travailleront "
                "en étroite collaboration avec leurs mentors (agents de leur ministère "
                "d’accueil) et bénéficieront de l’accompagnement d’Etalab. L'objectif est "
                "double : livrer une solution viable pour relever leur défi tout en diffusant "
                "des outils et approches innovantes au sein de leurs administrations "
                "d'accueil.</p>",
            ),
            ("heading", {"text": "Des défis à fort impact pour les citoyens", "level": "h2"}),
            (
                "paragraph",
                "<p>Au programme de cette <b>3ème promotion</b> : faciliter les <b>démarches des "
                "réfugiés</b>, soutenir <b>l'agriculture biologique</b>, assurer une juste "
                "indemnisation des <b>préjudices corporels</b>, améliorer la prise en charge des "
                "<b>maladies chroniques</b>... des défis à dimension humaine et sociale pour "
                "améliorer la vie des citoyens. Les candidats peuvent postuler du <b>13 "
                "septembre au 15 octobre 2018</b>. Ils seront recrutés en **contrat à durée "
                "déterminée **et rémunérés sur une base de <b>4 000 € nets</b> par mois.</p>",
            ),
            (
                "paragraph",
                "<p>Le programme EIG est porté par la mission <b>Etalab</b> au sein de la "
                "<b>direction interministérielle du numérique et du système d’information de "
                "l’État (DINSIC)</b>. Il est financé par le <b>Programme d'investissements "
                "d'avenir</b>, piloté par le <b>Secrétariat général pour l'investissement</b> et "
                "la <b>Caisse des dépôts et consignations</b>.</p>",
            ),
            (
                "important_link",
                {
                    "label": "Consulter l’appel à candidature",
                    "url": "https://entrepreneur-interet-general.etalab.gouv.fr/presentation.html",
                    "new_tab": True,
                },
            ),
            (
                "quote",
                {
                    "text": (
                        "Les « geeks » (développeurs, datascientists, designers) ne se destinent "
                        "désormais plus seulement au secteur privé. Aujourd'hui, l'État et les "
                        "administrations ont de nombreux projets agiles à mettre en œuvre en "
                        "utilisant les données pour transformer les politiques publiques et la "
                        "vie des français. C’est pour cela que nous avons besoin de talents du "
                        "numérique et c'est tout le sens de ce programme."
                    ),
                    "author": "Mounir Mahjoubi",
                    "author_role": (
                        "secrétaire d’État auprès du Premier ministre, chargé du Numérique"
                    ),
                },
            ),
        ],
        "media_on_request": True,
        "expect": {
            "callout_title": None,
            "callout_items": 0,
            "quotes": [("C’est pour cela que nous avons besoin de talents", "Mounir Mahjoubi")],
            "important_links": [
                (
                    "Consulter l’appel à candidature",
                    "https://entrepreneur-interet-general.etalab.gouv.fr/presentation.html",
                    True,
                )
            ],
        },
    },
    {
        "seed": "communique-accueil-3e-promotion.txt",
        "title": "Mounir Mahjoubi accueille la 3ème promotion d’Entrepreneurs d’Intérêt Général",
        "slug": "accueil-3e-promotion",
        # Extracted from a PDF: no date in the text, the editor sets the day of publication.
        "date": "2018-11-19 09:00",
        "date_iso": "2018-11-19T09:00:00+01:00",
        "chapeau": (
            "Ils ont 10 mois pour relever le défi. L’État accueille à partir d’aujourd’hui 32 "
            "nouveaux entrepreneurs d’intérêt général, qui ont pour mission de transformer "
            "l’administration de l’intérieur grâce à leurs compétences numériques de pointe."
        ),
        "tags": ["entrepreneur.e d’intérêt général"],
        "categories": ["Communiqué de presse"],
        "hero": [],
        "attachments": [],
        "body": [
            ("heading", {"text": "Une aventure unique au cœur de l’État", "level": "h2"}),
            (
                "paragraph",
                "<p>Depuis 2017, le programme Entrepreneur d’Intérêt Général (EIG) ouvre les "
                "portes de l’État à des experts du numérique (datascientists, designers, "
                "développeuses et développeurs) afin de relever un défi ciblé au sein d’une "
                "administration publique. Sélectionnés parmi 170 candidats, les 32 EIG de cette "
                "nouvelle promotion intègrent leurs administrations en équipe de 2 ou 3. Ils "
                "travailleront en étroite collaboration avec leurs mentors (agents de leur "
                "ministère d’accueil) et bénéficieront d’un accompagnement stratégique, "
                "technique et méthodologique. L'objectif est double : livrer une solution "
                "viable pour relever leur défi tout en diffusant des outils et approches "
                "innovantes au sein de leurs administrations d'accueil.</p>",
            ),
            ("heading", {"text": "Des défis à fort impact citoyen", "level": "h2"}),
            (
                "paragraph",
                "<p>Au programme de cette 3ème promotion : faciliter l’accueil des réfugiés, "
                "soutenir l'agriculture biologique, assurer une juste indemnisation des "
                "préjudices corporels, améliorer la prise en charge des maladies chroniques, ou "
                "encore améliorer l’accès au droit... des défis qui mettent les données et "
                "l’innovation technologique au service de l’amélioration de la vie des "
                "citoyens.</p>",
            ),
            (
                "paragraph",
                "<p>Le programme EIG est porté par la Direction interministérielle du numérique "
                "et du système d’information de l’État (DINSIC). Il est financé par le Programme "
                "d'investissements d'avenir, piloté par le Secrétariat général pour "
                "l'investissement et la Caisse des dépôts et consignations (CDC).</p>",
            ),
            (
                "quote",
                {
                    "text": (
                        "Nous ouvrons les portes des administrations aux talents extérieurs pour "
                        "mettre leurs compétences et expériences au service de l’intérêt "
                        "général. Bienvenue à la 3ème promotion, experts en données, en "
                        "intelligence artificielle ou développeurs, réunis pour apporter leur "
                        "vision, leur méthode, leur savoir pour un impact positif sur notre "
                        "santé, notre agriculture ou encore notre justice."
                    ),
                    "author": "Mounir Mahjoubi",
                    "author_role": "secrétaire d’Etat chargé du Numérique",
                },
            ),
            (
                "callout",
                {
                    "title": "Le programme Entrepreneur d’intérêt général en bref",
                    "text": (
                        "<ul><li>15 défis d’intérêt général</li>"
                        "<li>32 talents recrutés en CDD de 10 mois à compter de janvier 2019</li>"
                        "<li>Une équipe de 2 à 3 entrepreneurs d’intérêt général par défi, "
                        "encadrée par un mentor opérationnel et suivie par un mentor "
                        "stratégique au sein des administrations d’accueil</li>"
                        "<li>Un accompagnement régulier de la promotion</li></ul>"
                    ),
                    "style": "callout",
                },
            ),
            (
                "important_link",
                {
                    "label": "Découvrir les défis et les profils de la 3ème promotion EIG",
                    "url": "https://entrepreneur-interet-general.etalab.gouv.fr/",
                    "new_tab": False,
                },
            ),
        ],
        "media_on_request": False,
        "expect": {
            "callout_title": "Le programme Entrepreneur d’intérêt général en bref",
            "callout_items": 4,
            "quotes": [("Bienvenue à la 3ème promotion", "Mounir Mahjoubi")],
            "important_links": [
                (
                    "Découvrir les défis et les profils de la 3ème promotion EIG",
                    "https://entrepreneur-interet-general.etalab.gouv.fr/",
                    False,
                )
            ],
        },
    },
]
