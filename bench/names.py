"""Pools the generator draws from: states, people's names, posts, ministries, initiatives.

States, capitals, organisations and the better-known initiatives are real (so the
lexicon recognises them, as it would in a real release); every person is invented from
common family and given names of their state, so no real official is quoted.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class State:
    name: str
    short: str  # as releases call it in running text ("the ROK", "China")
    demonym: str
    cities: tuple[str, ...]
    style: str  # how its people's names are made: see NAME_PARTS


STATES: tuple[State, ...] = (
    State("Republic of Korea", "Korea", "Korean", ("Seoul", "Busan", "Incheon", "Jeju"), "korean"),
    State(
        "People's Republic of China",
        "China",
        "Chinese",
        ("Beijing", "Shanghai", "Qingdao", "Xiamen"),
        "chinese",
    ),
    State("Japan", "Japan", "Japanese", ("Tokyo", "Osaka", "Hiroshima", "Kyoto"), "japanese"),
    State(
        "United States of America",
        "the United States",
        "American",
        ("Washington, D.C.", "New York", "Honolulu"),
        "english",
    ),
    State("United Kingdom", "the United Kingdom", "British", ("London", "Edinburgh"), "english"),
    State("Australia", "Australia", "Australian", ("Canberra", "Sydney", "Melbourne"), "english"),
    State("Canada", "Canada", "Canadian", ("Ottawa", "Toronto"), "english"),
    State("India", "India", "Indian", ("New Delhi", "Mumbai", "Bengaluru"), "indian"),
    State("Indonesia", "Indonesia", "Indonesian", ("Jakarta", "Bali"), "indonesian"),
    State("Viet Nam", "Viet Nam", "Vietnamese", ("Hanoi", "Ho Chi Minh City", "Da Nang"), "vietnamese"),
    State("Singapore", "Singapore", "Singaporean", ("Singapore",), "english"),
    State("Malaysia", "Malaysia", "Malaysian", ("Kuala Lumpur",), "indonesian"),
    State("Thailand", "Thailand", "Thai", ("Bangkok",), "thai"),
    State("Philippines", "the Philippines", "Philippine", ("Manila",), "spanish"),
    State("Germany", "Germany", "German", ("Berlin", "Munich"), "german"),
    State("France", "France", "French", ("Paris", "Lyon"), "french"),
    State("Italy", "Italy", "Italian", ("Rome", "Milan"), "italian"),
    State("Spain", "Spain", "Spanish", ("Madrid",), "spanish"),
    State("Poland", "Poland", "Polish", ("Warsaw",), "polish"),
    State("Sweden", "Sweden", "Swedish", ("Stockholm",), "swedish"),
    State("Norway", "Norway", "Norwegian", ("Oslo",), "swedish"),
    State(
        "Russian Federation", "Russia", "Russian", ("Moscow", "Saint Petersburg", "Vladivostok"), "russian"
    ),
    State("Türkiye", "Türkiye", "Turkish", ("Ankara", "Istanbul"), "turkish"),
    State("United Arab Emirates", "the UAE", "Emirati", ("Abu Dhabi", "Dubai"), "arabic"),
    State("Saudi Arabia", "Saudi Arabia", "Saudi", ("Riyadh", "Jeddah"), "arabic"),
    State("Egypt", "Egypt", "Egyptian", ("Cairo",), "arabic"),
    State("Brazil", "Brazil", "Brazilian", ("Brasília", "Rio de Janeiro"), "portuguese"),
    State("Mexico", "Mexico", "Mexican", ("Mexico City",), "spanish"),
    State("Chile", "Chile", "Chilean", ("Santiago",), "spanish"),
    State("South Africa", "South Africa", "South African", ("Pretoria", "Cape Town"), "english"),
    State("Kenya", "Kenya", "Kenyan", ("Nairobi",), "english"),
    State("Nigeria", "Nigeria", "Nigerian", ("Abuja", "Lagos"), "english"),
    State("Mongolia", "Mongolia", "Mongolian", ("Ulaanbaatar",), "mongolian"),
    State("Kazakhstan", "Kazakhstan", "Kazakh", ("Astana", "Almaty"), "russian"),
    State("New Zealand", "New Zealand", "New Zealand", ("Wellington", "Auckland"), "english"),
)

# (family names, given names, family name first?)
NAME_PARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]] = {
    "korean": (
        (
            "Kim",
            "Lee",
            "Park",
            "Choi",
            "Jung",
            "Kang",
            "Cho",
            "Yoon",
            "Jang",
            "Lim",
            "Han",
            "Oh",
            "Seo",
            "Shin",
        ),
        (
            "Min-jun",
            "Seo-yeon",
            "Ji-hoon",
            "Hye-jin",
            "Dong-hyun",
            "Soo-ah",
            "Jae-won",
            "Eun-ji",
            "Sung-ho",
            "Ha-eun",
            "Young-soo",
            "Mi-kyung",
            "Tae-hoon",
            "Yoo-na",
        ),
        True,
    ),
    "chinese": (
        (
            "Wang",
            "Li",
            "Zhang",
            "Liu",
            "Chen",
            "Yang",
            "Zhao",
            "Huang",
            "Zhou",
            "Wu",
            "Xu",
            "Sun",
            "Hu",
            "Guo",
        ),
        ("Wei", "Jianguo", "Xiaoming", "Lihua", "Haitao", "Yanping", "Zhiqiang", "Hongmei", "Jun", "Tao"),
        True,
    ),
    "japanese": (
        (
            "Sato",
            "Suzuki",
            "Takahashi",
            "Tanaka",
            "Watanabe",
            "Ito",
            "Yamamoto",
            "Nakamura",
            "Kobayashi",
            "Kato",
        ),
        ("Hiroshi", "Yuko", "Takeshi", "Naoko", "Kenji", "Akiko", "Satoshi", "Emi", "Daisuke", "Keiko"),
        False,
    ),
    "english": (
        ("Miller", "Harris", "Clarke", "Bennett", "Turner", "Hughes", "Foster", "Reynolds", "Walsh", "Grant"),
        ("James", "Sarah", "Michael", "Emily", "David", "Rachel", "Thomas", "Laura", "Andrew", "Helen"),
        False,
    ),
    "indian": (
        ("Sharma", "Verma", "Iyer", "Nair", "Reddy", "Menon", "Kapoor", "Rao", "Gupta", "Pillai"),
        ("Arun", "Priya", "Rajesh", "Anjali", "Vikram", "Meera", "Suresh", "Kavita", "Anil", "Deepa"),
        False,
    ),
    "indonesian": (
        ("Santoso", "Wijaya", "Hidayat", "Saputra", "Rahman", "Kusuma", "Ibrahim", "Hamid"),
        ("Budi", "Siti", "Agus", "Dewi", "Rizal", "Nurul", "Hendra", "Aisyah"),
        False,
    ),
    "vietnamese": (
        ("Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui"),
        ("Van Minh", "Thi Lan", "Duc Anh", "Thi Hoa", "Quoc Bao", "Thanh Tung", "Thi Mai"),
        True,
    ),
    "thai": (
        ("Srisuk", "Chaiyaporn", "Wongsawat", "Rattanakul", "Boonmee", "Sukhum"),
        ("Somchai", "Malee", "Anan", "Pranee", "Kittisak", "Suda"),
        False,
    ),
    "german": (
        ("Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Wagner", "Koch", "Richter"),
        ("Annalena", "Markus", "Katrin", "Stefan", "Julia", "Tobias", "Sabine", "Matthias"),
        False,
    ),
    "french": (
        ("Martin", "Bernard", "Dubois", "Laurent", "Moreau", "Lefebvre", "Girard", "Rousseau"),
        ("Camille", "Julien", "Claire", "Nicolas", "Sophie", "Antoine", "Elise", "Mathieu"),
        False,
    ),
    "italian": (
        ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci"),
        ("Giulia", "Marco", "Francesca", "Luca", "Chiara", "Matteo", "Elena", "Paolo"),
        False,
    ),
    "spanish": (
        ("Garcia", "Rodriguez", "Martinez", "Lopez", "Gonzalez", "Hernandez", "Torres", "Ramirez"),
        ("Carmen", "Javier", "Lucia", "Alejandro", "Isabel", "Diego", "Elena", "Manuel"),
        False,
    ),
    "portuguese": (
        ("Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Almeida", "Ferreira"),
        ("Joao", "Ana", "Paulo", "Mariana", "Rafael", "Beatriz", "Carlos", "Fernanda"),
        False,
    ),
    "polish": (
        ("Nowak", "Kowalski", "Wisniewski", "Wojcik", "Kaminski", "Lewandowski"),
        ("Piotr", "Anna", "Tomasz", "Katarzyna", "Marcin", "Agnieszka"),
        False,
    ),
    "swedish": (
        ("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Hansen", "Berg"),
        ("Erik", "Ingrid", "Lars", "Astrid", "Nils", "Sofia", "Anders", "Maja"),
        False,
    ),
    "russian": (
        ("Ivanov", "Smirnov", "Kuznetsov", "Popov", "Sokolov", "Volkov", "Morozov", "Orlov"),
        ("Sergei", "Elena", "Dmitry", "Olga", "Alexei", "Natalia", "Mikhail", "Irina"),
        False,
    ),
    "turkish": (
        ("Yilmaz", "Kaya", "Demir", "Sahin", "Celik", "Aydin", "Ozturk", "Arslan"),
        ("Mehmet", "Ayse", "Mustafa", "Elif", "Ahmet", "Zeynep", "Emre", "Selin"),
        False,
    ),
    "arabic": (
        ("Al Nahyan", "Al Mansouri", "Al Saud", "Haddad", "Khalil", "Mansour", "Nasser", "Saleh"),
        ("Ahmed", "Fatima", "Khalid", "Layla", "Omar", "Mariam", "Youssef", "Noura"),
        False,
    ),
    "mongolian": (
        ("Batbayar", "Enkhbold", "Gantulga", "Oyunchimeg", "Tsogtbaatar", "Bolormaa"),
        ("Bat-Erdene", "Saruul", "Temuulen", "Nomin", "Ganbaatar", "Anu"),
        False,
    ),
}

# Posts as releases write them; {state} is the state's name. The lexicon knows these titles.
POSTS: tuple[tuple[str, int], ...] = (
    ("Foreign Minister", 30),
    ("Minister of Foreign Affairs", 20),
    ("Vice Foreign Minister", 8),
    ("Deputy Foreign Minister", 5),
    ("President", 10),
    ("Prime Minister", 8),
    ("State Minister for Foreign Affairs", 3),
    ("Secretary of State", 3),
    ("Ambassador", 4),
    ("National Security Advisor", 3),
)

ORGANIZATIONS: tuple[tuple[str, str, str], ...] = (
    # (name, short, head's post)
    ("Association of Southeast Asian Nations", "ASEAN", "Secretary-General"),
    ("United Nations", "UN", "Secretary-General"),
    ("European Union", "EU", "High Representative"),
    ("North Atlantic Treaty Organization", "NATO", "Secretary General"),
    ("World Health Organization", "WHO", "Director-General"),
    ("International Atomic Energy Agency", "IAEA", "Director General"),
    ("Organisation for Economic Co-operation and Development", "OECD", "Secretary-General"),
)

# Real initiatives (in the lexicon) and patterns for new ones ({a}, {b}: states' short names).
INITIATIVES: tuple[str, ...] = (
    "Regional Comprehensive Economic Partnership (RCEP)",
    "Paris Agreement",
    "Digital Economy Partnership Agreement (DEPA)",
    "Indo-Pacific Economic Framework for Prosperity (IPEF)",
    "Treaty on the Non-Proliferation of Nuclear Weapons",
    "Comprehensive and Progressive Agreement for Trans-Pacific Partnership (CPTPP)",
    "ASEAN Outlook on the Indo-Pacific",
    "Belt and Road Initiative",
    "Global Gateway",
    "COVID-19 Vaccines Global Access (COVAX)",
)
NEW_INITIATIVES: tuple[str, ...] = (
    "{a}-{b} Joint Action Plan",
    "{a}-{b} Comprehensive Strategic Partnership",
    "{a}-{b} Free Trade Agreement",
    "{a}-{b} Green Growth Partnership",
    "{a}-{b} Supply Chain Resilience Initiative",
    "{a}-{b} Science and Technology Cooperation Agreement",
    "{a}-{b} Framework for Digital Cooperation",
)

TOPICS: tuple[str, ...] = (
    "the situation on the Korean Peninsula",
    "regional security in Northeast Asia",
    "maritime security in the South China Sea",
    "climate change and the energy transition",
    "supply chain resilience",
    "the situation in Ukraine",
    "the situation in the Middle East",
    "global health security",
    "people-to-people exchanges",
    "trade and investment",
    "nuclear non-proliferation",
    "cooperation at the United Nations",
    "critical minerals",
    "cyber security",
    "development cooperation in Africa",
)

# Publishers: key (as in lexicon/publishers.csv), the state they speak for, their house style.
MINISTRIES: tuple[tuple[str, int, str], ...] = (
    ("mofa-kr", 0, "numbered"),
    ("fmprc-cn", 1, "narrative"),
    ("mofa-jp", 2, "overview"),
    ("state-us", 3, "readout"),
    ("gov-uk", 4, "readout"),
    ("mea-in", 7, "numbered"),
    ("mfa-sg", 10, "narrative"),
)
