"""Demo texts for the five demo articles, written for Backportal (not copied).

Rich text may cite sources as {cite:key}; articles/demo.py turns that into the
citation markup the editor's toolbar button produces. A heading is its text
(an H2) or (level, text) for an H3 or H4.
"""

PEOPLE = [
    {
        "slug": "lena-hoffmann",
        "name": "Lena Hoffmann",
        "profession": "Medizinjournalistin",
        "credentials": "M.A. Wissenschaftsjournalismus",
        "bio": "Lena Hoffmann schreibt seit zehn Jahren über Bewegung, Schmerz und Prävention. Sie übersetzt Studien in Alltagssprache und fragt nach, bis eine Empfehlung wirklich belegt ist.",
        "colors": ("#7a4e9c", "#e7d4f2"),
    },
    {
        "slug": "jonas-becker",
        "name": "Jonas Becker",
        "profession": "Sportwissenschaftler",
        "credentials": "M.Sc. Sportwissenschaft, Rückenschullehrer",
        "bio": "Jonas Becker entwickelt Trainingsprogramme für Menschen mit Rückenbeschwerden und leitet Kurse zur Rückengesundheit in Betrieben.",
        "colors": ("#1f6f5c", "#cdeee3"),
    },
    {
        "slug": "dr-markus-wendt",
        "name": "Markus Wendt",
        "profession": "Physiotherapeut",
        "credentials": "B.Sc. Physiotherapie, Manualtherapeut",
        "bio": "Markus Wendt behandelt seit fünfzehn Jahren Patientinnen und Patienten mit Rückenschmerzen in seiner Praxis und prüft alle Artikel von Backportal fachlich.",
        "colors": ("#8a5a12", "#f6e2c0"),
    },
]

TOPICS = [
    (
        "Rückentraining",
        "rueckentraining",
        "Übungen und Training für einen kräftigen, beweglichen Rücken.",
    ),
    (
        "Muskel-Skelett-System",
        "muskel-skelett-system",
        "Wie Muskeln, Faszien, Wirbel und Bandscheiben zusammenarbeiten.",
    ),
    (
        "Schmerzen & Ursachen",
        "schmerzen-ursachen",
        "Woher Rückenschmerzen kommen und wann sie ernst zu nehmen sind.",
    ),
]

SOURCES = {
    "nvl": {
        "authors": "Bundesärztekammer, KBV, AWMF",
        "year": 2017,
        "title": "Nationale VersorgungsLeitlinie Nicht-spezifischer Kreuzschmerz, 2. Auflage",
        "publisher": "AWMF-Register-Nr. nvl-007",
        "url": "https://register.awmf.org/de/leitlinien/detail/nvl-007",
        "accessed": "2025-06-04",
    },
    "hayden": {
        "authors": "Hayden JA, Ellis J, Ogilvie R, Malmivaara A, van Tulder MW",
        "year": 2021,
        "title": "Exercise therapy for chronic low back pain",
        "publisher": "Cochrane Database of Systematic Reviews",
        "url": "https://doi.org/10.1002/14651858.CD009790.pub2",
        "accessed": "2025-06-04",
    },
    "french": {
        "authors": "French SD, Cameron M, Walker BF, Reggars JW, Esterman AJ",
        "year": 2006,
        "title": "Superficial heat or cold for low back pain",
        "publisher": "Cochrane Database of Systematic Reviews",
        "url": "https://doi.org/10.1002/14651858.CD004750.pub2",
        "accessed": "2025-05-12",
    },
    "garrison": {
        "authors": "Garrison SR, Korownyk CS, Kolber MR et al.",
        "year": 2020,
        "title": "Magnesium for skeletal muscle cramps",
        "publisher": "Cochrane Database of Systematic Reviews",
        "url": "https://doi.org/10.1002/14651858.CD009402.pub3",
        "accessed": "2025-05-12",
    },
    "hides": {
        "authors": "Hides JA, Jull GA, Richardson CA",
        "year": 2001,
        "title": "Long-term effects of specific stabilizing exercises for first-episode low back pain",
        "publisher": "Spine 26(11)",
        "url": "https://doi.org/10.1097/00007632-200106010-00004",
        "accessed": "2025-04-28",
    },
    "qaseem": {
        "authors": "Qaseem A, Wilt TJ, McLean RM, Forciea MA",
        "year": 2017,
        "title": "Noninvasive Treatments for Acute, Subacute, and Chronic Low Back Pain: A Clinical Practice Guideline From the American College of Physicians",
        "publisher": "Annals of Internal Medicine 166(7)",
        "url": "https://doi.org/10.7326/M16-2367",
        "accessed": "2026-12-04",
    },
    "furlan": {
        "authors": "Furlan AD, Giraldo M, Baskwill A, Irvin E, Imamura M",
        "year": 2015,
        "title": "Massage for low-back pain",
        "publisher": "Cochrane Database of Systematic Reviews",
        "url": "https://doi.org/10.1002/14651858.CD001929.pub3",
        "accessed": "2026-12-04",
    },
    "allen": {
        "authors": "Allen RE, Kirby KA",
        "year": 2012,
        "title": "Nocturnal leg cramps",
        "publisher": "American Family Physician 86(4)",
        "url": "https://www.aafp.org/pubs/afp/issues/2012/0815/p350.html",
        "accessed": "2026-12-04",
    },
    "rki": {
        "authors": "Robert Koch-Institut",
        "year": 2023,
        "title": "Rückenschmerzen in Deutschland: Ergebnisse der Gesundheitsberichterstattung",
        "publisher": "Journal of Health Monitoring",
        "url": "https://www.rki.de/",
        "accessed": "2025-06-01",
    },
}

ARTICLES = [
    {
        "slug": "muskelverhaertung-unterer-ruecken-loesen",
        "title": "Muskelverhärtung im unteren Rücken lösen: Was wirklich hilft",
        "lead": "Ein harter Strang neben der Wirbelsäule, der bei jeder Bewegung zieht: Muskelverhärtungen im unteren Rücken sind lästig, aber meist harmlos. Mit Wärme, Bewegung und gezielten Übungen lösen sie sich oft schon nach wenigen Tagen.",
        "topics": ["rueckentraining", "schmerzen-ursachen"],
        "tags": ["Muskelverhärtung", "Wärme", "Lendenwirbelsäule"],
        "author": "lena-hoffmann",
        "days_ago": 40,
        "colors": ("#0b5c73", "#bfe3ec"),
        "caption": "Sanfte Bewegung löst Verspannungen oft besser als Schonung.",
        "body": [
            ("heading", "Was ist eine Muskelverhärtung?"),
            (
                "paragraph",
                "<p>Mediziner sprechen von einem erhöhten Muskeltonus: Ein Teil des Muskels bleibt angespannt, auch wenn du ruhst. Typisch sind tastbare, druckempfindliche Stränge neben der Lendenwirbelsäule. Die meisten Rückenschmerzen dieser Art haben keine gefährliche Ursache und werden als nicht-spezifischer Kreuzschmerz bezeichnet{cite:nvl}.</p>",
            ),
            (
                "callout",
                (
                    "info",
                    "<p>Muskelverhärtungen entstehen häufig nach ungewohnter Belastung, langem Sitzen oder Stress. Sie sind ein Signal, kein Schaden.</p>",
                ),
            ),
            ("heading", "Die häufigsten Ursachen"),
            (
                "paragraph",
                "<p>Wer viel sitzt, belastet die Rückenstrecker einseitig. Hinzu kommen schwaches Rumpftraining, Bewegungsmangel und Stress, der die Grundspannung der Muskulatur erhöht. Auch ein ungewohnter Umzug oder die erste Gartenarbeit im Frühjahr können die Muskulatur überfordern.</p><ul><li>langes Sitzen ohne Pausen</li><li>ungewohnte, schwere körperliche Arbeit</li><li>Stress und wenig Schlaf</li><li>Zugluft und Kälte</li></ul>",
            ),
            ("heading", "Was hilft: Wärme, Bewegung, Geduld"),
            (
                "paragraph",
                "<p>Wärme entspannt die Muskulatur und lindert kurzfristig Schmerzen; in Studien verringerten Wärmeauflagen akute Kreuzschmerzen messbar{cite:french}. Noch wichtiger ist Bewegung: Bettruhe verlängert die Beschwerden, während leichte Aktivität den Heilungsverlauf unterstützt{cite:nvl}. Auch die Leitlinie des American College of Physicians führt oberflächliche Wärme bei akuten Kreuzschmerzen als mögliche erste Maßnahme auf{cite:qaseem}.</p>",
            ),
            (
                "callout",
                (
                    "tip",
                    "<p>Eine Wärmflasche oder ein warmes Bad für 15 bis 20 Minuten ist ein guter Start in den Tag, bevor du mit leichten Übungen beginnst.</p>",
                ),
            ),
            (
                "exercise",
                {
                    "title": "Knie-zur-Brust-Dehnung",
                    "intro": "Dehnt die Rückenstrecker im Lendenbereich sanft und ohne Druck.",
                    "repetitions": "3 × 30 Sekunden halten",
                    "steps": [
                        (
                            "Ausgangsposition",
                            "<p>Lege dich auf den Rücken, die Beine sind angestellt.</p>",
                        ),
                        (
                            "Knie heranziehen",
                            "<p>Umfasse ein Knie mit beiden Händen und ziehe es langsam zur Brust. Atme ruhig weiter.</p>",
                        ),
                        (
                            "Seite wechseln",
                            "<p>Lege das Bein ab und wiederhole die Dehnung mit dem anderen Bein.</p>",
                        ),
                    ],
                },
            ),
            ("heading", "Wann du zum Arzt gehen solltest"),
            (
                "callout",
                (
                    "doctor",
                    "<p>Lass dich ärztlich untersuchen, wenn Schmerzen in ein Bein ausstrahlen, Taubheitsgefühle oder Lähmungen auftreten, du Fieber hast oder die Beschwerden nach einem Unfall begonnen haben.</p>",
                ),
            ),
            (
                "faq",
                [
                    (
                        "Wie lange dauert eine Muskelverhärtung?",
                        "<p>Meist bessern sich die Beschwerden innerhalb weniger Tage bis zwei Wochen deutlich.</p>",
                    ),
                    (
                        "Hilft Massage gegen Muskelverhärtungen?",
                        "<p>Massage kann kurzfristig guttun. Sie wirkt am besten zusammen mit Bewegung und Übungen.</p>",
                    ),
                    (
                        "Soll ich mich schonen?",
                        "<p>Nein. Bleib so aktiv, wie es die Schmerzen erlauben. Schonung verlängert die Beschwerden eher{cite:nvl}.</p>",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "lws-schmerzen-ursachen-und-behandlung",
        "title": "Schmerzen in der Lendenwirbelsäule: Ursachen und Behandlung",
        "lead": "Die Lendenwirbelsäule trägt den größten Teil unseres Körpergewichts. Kein Wunder, dass hier die meisten Rückenschmerzen entstehen. Was dahintersteckt und welche Behandlung Leitlinien empfehlen.",
        "topics": ["schmerzen-ursachen", "muskel-skelett-system"],
        "tags": ["Lendenwirbelsäule", "Leitlinie"],
        "author": "lena-hoffmann",
        "days_ago": 30,
        "colors": ("#2d5f9a", "#d6e6f7"),
        "caption": "Fünf Lendenwirbel tragen den Oberkörper.",
        "body": [
            ("heading", "Aufbau der Lendenwirbelsäule"),
            (
                "paragraph",
                "<p>Die Lendenwirbelsäule besteht aus fünf kräftigen Wirbeln, zwischen denen Bandscheiben als Puffer liegen. Muskeln, Bänder und Faszien halten sie stabil und beweglich.</p>",
            ),
            ("heading", "Häufige Ursachen"),
            (
                "paragraph",
                "<p>In den allermeisten Fällen lässt sich keine eindeutige Ursache finden. Fachleute sprechen dann von nicht-spezifischem Kreuzschmerz{cite:nvl}. Seltener sind Bandscheibenvorfälle, Verschleiß der Wirbelgelenke oder eine Verengung des Wirbelkanals verantwortlich. Rückenschmerzen gehören zu den häufigsten Beschwerden in Deutschland{cite:rki}.</p>",
            ),
            (
                "table",
                [
                    ["Ursache", "Typische Anzeichen", "Häufigkeit"],
                    [
                        "Nicht-spezifischer Kreuzschmerz",
                        "dumpfer Schmerz, bewegungsabhängig",
                        "sehr häufig",
                    ],
                    [
                        "Bandscheibenvorfall",
                        "ausstrahlender Schmerz ins Bein",
                        "selten",
                    ],
                    [
                        "Spinalkanalstenose",
                        "Beschwerden beim Gehen, besser im Sitzen",
                        "selten, eher im Alter",
                    ],
                ],
            ),
            ("heading", "Welche Behandlung empfohlen wird"),
            (
                "paragraph",
                "<p>Die Nationale VersorgungsLeitlinie rät bei akuten Beschwerden zu Information, Aktivität und, falls nötig, kurzfristig zu Schmerzmitteln{cite:nvl}. Bei chronischen Schmerzen ist Bewegungstherapie die Basis: Sie verringert Schmerzen und verbessert die Funktion im Alltag{cite:hayden}.</p>",
            ),
            (
                "quote",
                (
                    "Der wichtigste Rat bei Kreuzschmerzen lautet: in Bewegung bleiben.",
                    "Markus Wendt, Physiotherapeut",
                ),
            ),
            (
                "callout",
                (
                    "warning",
                    "<p>Bildgebung wie Röntgen oder MRT ist bei akuten Kreuzschmerzen ohne Warnzeichen meist nicht nötig und führt oft zu Zufallsbefunden, die verunsichern.</p>",
                ),
            ),
            (
                "faq",
                [
                    (
                        "Wann sind LWS-Schmerzen chronisch?",
                        "<p>Von chronischen Schmerzen spricht man, wenn sie länger als zwölf Wochen anhalten.</p>",
                    ),
                    (
                        "Brauche ich ein MRT?",
                        "<p>Nur wenn Warnzeichen vorliegen oder die Beschwerden trotz Behandlung nach mehreren Wochen nicht besser werden.</p>",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "tiefe-rueckenmuskulatur-staerken",
        "title": "Tiefe Rückenmuskulatur: Muskelkater verstehen und gezielt stärken",
        "lead": "Nach einem neuen Training brennt der Rücken? Muskelkater ist ein normales Zeichen von Anpassung. Die tiefen Rückenmuskeln, die jeden Wirbel einzeln stabilisieren, lassen sich mit einfachen Übungen gezielt kräftigen.",
        "topics": ["rueckentraining", "muskel-skelett-system"],
        "tags": ["Muskelkater", "Tiefenmuskulatur", "Training"],
        "author": "jonas-becker",
        "days_ago": 20,
        "colors": ("#1f6f5c", "#d2f0e4"),
        "caption": "Der Vierfüßlerstand trainiert die tiefe Muskulatur.",
        "body": [
            ("heading", "Die tiefe Rückenmuskulatur"),
            (
                "paragraph",
                "<p>Unter den großen Rückenstreckern liegen kleine Muskeln wie der Multifidus. Sie verbinden einzelne Wirbel und sichern die Wirbelsäule bei jeder Bewegung. Bei Rückenschmerzen arbeiten sie oft verzögert; gezieltes Training kann das Rückfallrisiko senken{cite:hides}.</p>",
            ),
            ("heading", "Muskelkater im Rücken"),
            (
                "paragraph",
                "<p>Muskelkater entsteht durch feine Verletzungen der Muskelfasern nach ungewohnter Belastung. Er beginnt meist 12 bis 24 Stunden nach dem Training und klingt nach wenigen Tagen ab. Leichte Bewegung und Wärme sind dann angenehmer als völlige Ruhe.</p>",
            ),
            ("heading", ("h3", "Muskelkater oder Zerrung?")),
            (
                "paragraph",
                "<p>Muskelkater fühlt sich dumpf und steif an und betrifft meist beide Seiten gleichmäßig. Eine Zerrung meldet sich dagegen plötzlich und stechend, oft schon während der Bewegung und nur auf einer Seite.</p>",
            ),
            ("heading", ("h4", "Wann du pausieren solltest")),
            (
                "paragraph",
                "<p>Setze mit dem Training aus, wenn der Schmerz stechend ist, bei jeder Bewegung zunimmt oder nach einer Woche nicht nachlässt, und lass ihn ärztlich abklären.</p>",
            ),
            (
                "callout",
                (
                    "tip",
                    "<p>Steigere dein Training langsam: lieber drei kurze Einheiten pro Woche als eine lange.</p>",
                ),
            ),
            ("heading", "Übungen für die Tiefenmuskulatur"),
            (
                "exercise",
                {
                    "title": "Vierfüßlerstand mit Arm- und Beinheben",
                    "intro": "Kräftigt die tiefen Rückenmuskeln und schult die Rumpfstabilität.",
                    "repetitions": "3 × 8 Wiederholungen pro Seite",
                    "steps": [
                        (
                            "Vierfüßlerstand",
                            "<p>Knie unter den Hüften, Hände unter den Schultern, der Rücken ist gerade.</p>",
                        ),
                        (
                            "Bauch leicht anspannen",
                            "<p>Ziehe den Bauchnabel sanft Richtung Wirbelsäule, ohne die Luft anzuhalten.</p>",
                        ),
                        (
                            "Arm und Bein strecken",
                            "<p>Strecke den rechten Arm und das linke Bein langsam aus, bis sie eine Linie mit dem Rücken bilden. Zwei Sekunden halten.</p>",
                        ),
                        (
                            "Zurück und wechseln",
                            "<p>Führe Arm und Bein zurück und wechsle die Seite.</p>",
                        ),
                    ],
                },
            ),
            (
                "exercise",
                {
                    "title": "Beckenheben (Bridging)",
                    "intro": "Stärkt Gesäß und unteren Rücken gemeinsam.",
                    "repetitions": "3 × 12 Wiederholungen",
                    "steps": [
                        (
                            "Rückenlage",
                            "<p>Lege dich auf den Rücken, Füße hüftbreit aufgestellt.</p>",
                        ),
                        (
                            "Becken heben",
                            "<p>Hebe das Becken, bis Knie, Hüfte und Schultern eine Linie bilden.</p>",
                        ),
                        (
                            "Langsam senken",
                            "<p>Senke das Becken Wirbel für Wirbel wieder ab.</p>",
                        ),
                    ],
                },
            ),
            (
                "paragraph",
                "<p>Regelmäßiges Training wirkt: Bewegungstherapie verringert bei chronischen Kreuzschmerzen Schmerzen und Einschränkungen{cite:hayden}. Deutsche und amerikanische Leitlinien setzen Bewegung deshalb an den Anfang der Behandlung{cite:nvl}{cite:qaseem}.</p>",
            ),
            (
                "faq",
                [
                    (
                        "Darf ich mit Muskelkater trainieren?",
                        "<p>Leichtes Training ist in Ordnung. Intensive Belastung der betroffenen Muskeln solltest du verschieben, bis der Muskelkater abgeklungen ist.</p>",
                    ),
                    (
                        "Wie oft sollte ich die Tiefenmuskulatur trainieren?",
                        "<p>Zwei- bis dreimal pro Woche reicht für spürbare Fortschritte.</p>",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "rueckenkraempfe-was-tun",
        "title": "Rückenkrämpfe: Was du im Moment des Krampfs tun kannst",
        "lead": "Ein Krampf im Rücken kommt plötzlich und tut stark weh. Meist löst er sich nach Sekunden bis Minuten. Wir zeigen, was im akuten Moment hilft und wie du Krämpfen vorbeugst.",
        "topics": ["schmerzen-ursachen"],
        "tags": ["Krampf", "Magnesium", "Akuthilfe"],
        "author": "lena-hoffmann",
        "days_ago": 12,
        "colors": ("#b3401f", "#f8d9cc"),
        "caption": "Sanftes Dehnen hilft, einen Krampf zu lösen.",
        "body": [
            ("heading", "Wie ein Rückenkrampf entsteht"),
            (
                "paragraph",
                "<p>Bei einem Krampf zieht sich ein Muskel unwillkürlich und schmerzhaft zusammen. Auslöser sind oft Überlastung, Flüssigkeitsmangel oder eine ungünstige Haltung über längere Zeit.</p>",
            ),
            ("heading", "Sofort-Hilfe im Akutfall"),
            (
                "paragraph",
                "<ol><li>Bewegung kurz unterbrechen und ruhig weiteratmen.</li><li>Den verkrampften Muskel sanft dehnen, zum Beispiel durch leichtes Vorbeugen im Sitzen.</li><li>Wärme auflegen, sobald der erste Schmerz nachlässt.</li></ol>",
            ),
            (
                "callout",
                (
                    "warning",
                    "<p>Reiße nicht ruckartig an einem verkrampften Muskel. Langsames, kontrolliertes Dehnen ist wirksamer und schonender.</p>",
                ),
            ),
            ("heading", "Hilft Magnesium gegen Krämpfe?"),
            (
                "paragraph",
                "<p>Magnesium wird oft gegen Krämpfe empfohlen. Für gewöhnliche Muskelkrämpfe bei älteren Menschen zeigte eine Übersichtsarbeit jedoch keinen klaren Nutzen{cite:garrison}. Sinnvoll ist eine ausgewogene Ernährung; bei häufigen Krämpfen sollte die Ursache ärztlich abgeklärt werden. Nächtliche Wadenkrämpfe kommen mit dem Alter häufiger vor und sind meist harmlos; das Dehnen der Wade vor dem Schlafen wird oft geraten, ist aber kaum gut untersucht{cite:allen}.</p>",
            ),
            ("heading", "Vorbeugen"),
            (
                "paragraph",
                "<p>Ausreichend trinken, regelmäßige Bewegungspausen und ein gezieltes Kräftigungstraining senken das Risiko für erneute Krämpfe. Wärme hilft vielen Menschen, die Muskulatur nach Belastung zu entspannen{cite:french}.</p>",
            ),
            (
                "callout",
                (
                    "doctor",
                    "<p>Wiederholte Krämpfe ohne erkennbaren Auslöser, Krämpfe mit Schwäche oder Taubheit und starke nächtliche Schmerzen gehören in ärztliche Hände.</p>",
                ),
            ),
            (
                "faq",
                [
                    (
                        "Wie lange dauert ein Rückenkrampf?",
                        "<p>Meist Sekunden bis wenige Minuten. Ein Muskelkater-ähnliches Ziehen kann noch einen Tag anhalten.</p>",
                    ),
                    (
                        "Soll ich nach einem Krampf weiter trainieren?",
                        "<p>Lege eine Pause ein und beginne am nächsten Tag mit leichter Belastung.</p>",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "muskulaere-dysbalance-ruecken",
        "title": "Muskuläre Dysbalance: Wenn Bauch und Rücken nicht im Gleichgewicht sind",
        "lead": "Kräftige Rückenstrecker, schwacher Bauch, verkürzte Hüftbeuger: Muskuläre Ungleichgewichte gelten als ein Baustein von Rückenschmerzen. Wie du sie erkennst und mit ausgleichendem Training behebst.",
        "topics": ["rueckentraining", "muskel-skelett-system"],
        "tags": ["Dysbalance", "Haltung", "Training"],
        "author": "jonas-becker",
        "days_ago": 5,
        "colors": ("#7a4e9c", "#eadcf4"),
        "caption": "Ausgleichstraining stärkt die schwächere Seite.",
        "body": [
            ("heading", "Was ist eine muskuläre Dysbalance?"),
            (
                "paragraph",
                "<p>Von einer Dysbalance spricht man, wenn Muskeln, die zusammenarbeiten, deutlich unterschiedlich stark oder beweglich sind. Typisch bei viel Sitzen: verkürzte Hüftbeuger und eine schwache Bauch- und Gesäßmuskulatur.</p>",
            ),
            ("heading", "Typische Anzeichen"),
            (
                "paragraph",
                "<ul><li>ausgeprägtes Hohlkreuz im Stehen</li><li>Ziehen im unteren Rücken nach langem Stehen</li><li>einseitige Verspannungen, etwa nur auf der rechten Seite</li></ul>",
            ),
            (
                "callout",
                (
                    "info",
                    "<p>Nicht jede Abweichung verursacht Schmerzen. Ein leichtes Ungleichgewicht ist normal und kein Grund zur Sorge.</p>",
                ),
            ),
            ("heading", "Ausgleichstraining"),
            (
                "paragraph",
                "<p>Gezielte Übungen für Bauch, Gesäß und tiefe Rückenmuskulatur verbessern Stabilität und Haltung. Bewegungstherapie gilt bei chronischen Kreuzschmerzen als wirksamste nicht-medikamentöse Maßnahme{cite:hayden}{cite:nvl}. Massage kann Beschwerden für kurze Zeit etwas verringern, ersetzt das Training aber nicht{cite:furlan}.</p>",
            ),
            (
                "exercise",
                {
                    "title": "Hüftbeuger-Dehnung im Ausfallschritt",
                    "intro": "Verlängert die vom Sitzen verkürzten Hüftbeuger.",
                    "repetitions": "2 × 30 Sekunden pro Seite",
                    "steps": [
                        (
                            "Ausfallschritt",
                            "<p>Knie dich mit einem Bein ab, das andere steht vorne.</p>",
                        ),
                        (
                            "Becken nach vorne schieben",
                            "<p>Schiebe das Becken langsam nach vorne, bis du eine Dehnung in der Leiste spürst.</p>",
                        ),
                        (
                            "Halten und wechseln",
                            "<p>Halte die Position ruhig atmend und wechsle dann die Seite.</p>",
                        ),
                    ],
                },
            ),
            (
                "reading_tip",
                (
                    "tiefe-rueckenmuskulatur-staerken",
                    "Übungen für die tiefe Rückenmuskulatur",
                ),
            ),
            (
                "faq",
                [
                    (
                        "Kann ich eine Dysbalance selbst erkennen?",
                        "<p>Hinweise liefern Haltung und einseitige Beschwerden. Eine Physiotherapeutin oder ein Physiotherapeut kann gezielt testen.</p>",
                    ),
                    (
                        "Wie schnell wirkt Ausgleichstraining?",
                        "<p>Erste Verbesserungen spürst du oft nach vier bis sechs Wochen regelmäßigen Trainings.</p>",
                    ),
                ],
            ),
        ],
    },
]

# Product lists (block "Produktliste") in demo articles, placed once the
# catalogue exists: article slug -> (after the heading, title, category, how many).
PRODUCT_LISTS = {
    "muskulaere-dysbalance-ruecken": (
        "Ausgleichstraining",
        "Massagekissen für die Pause zwischen zwei Übungseinheiten",
        "massagekissen",
        3,
    ),
}
