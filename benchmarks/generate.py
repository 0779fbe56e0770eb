"""Seeded generator of realistic site corpora for the benchmarks (and for tests that need a big corpus).

A generated site looks like the seed pages in `corpus/`: one shared template (skip link, phone header, image alt
text, byline, address / phone / fax / hours footer, footer call) around article bodies of 300-1,500 words with
headings, bullet lists and paragraphs. Sentences come from templates over a medical vocabulary, so readability
formulas see realistic word and sentence lengths (grade ~8-16, like real patient pages).

A known fraction of pages (`--copy-share`, default 0.15) copy 1-3 paragraphs verbatim from another page; which page
copies what is recorded in `manifest.json` next to the pages.

Vocabulary (v4): a share of the sentences (`--zipf-share`, default 0.5) is drawn word by word from a real English
vocabulary with its real frequencies — spaCy's `lexeme_prob` table (`spacy-lookups-data`, word probabilities counted
on a large web corpus; alphabetic ASCII words only, 653,135 of them) — so word frequencies follow a realistic Zipf
curve and distinct words per million tokens come within 2x of real text (v3, templates only: 339 per million at
2,000 pages; real newsgroup posts: ~20,000 per million at 5 M tokens). Per-word caches in the audit then miss as
often as they do on real pages.

Most pages are `.txt`; some are Markdown (`#` headings, `-` bullets) and a few HTML (`<h2>`, `<ul>`, nav/footer).
Every page is unique (textstat caches counts per text, so a benchmark on repeated texts would flatter it).

Same seed and size -> byte-identical corpus (each page has its own RNG seeded from "seed:index"; no set/dict order,
time or hash randomisation is involved).

    python benchmarks/generate.py --pages 1000 --seed 7            # -> benchmarks/_corpora/site-1000-s7/
    python benchmarks/generate.py --pages 1000 --out /tmp/site     # elsewhere
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import itertools
import math
import json
import random
import re
import shutil
import sys
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPORA = HERE / "_corpora"
GENERATOR_VERSION = 4

# ------------------------------------------------------------------ vocabulary

CONDITIONS = [
    "facial paralysis", "Bell's palsy", "synkinesis", "hemifacial spasm", "facial neuropathy", "trigeminal neuralgia",
    "Ramsay Hunt syndrome", "blepharospasm", "facial nerve injury", "acoustic neuroma", "Lyme disease",
    "multiple sclerosis", "dystonia", "migraine", "sinusitis", "tinnitus", "vertigo", "sleep apnea",
    "chronic rhinitis", "thyroid nodules", "vocal cord paralysis", "dry eye disease", "temporomandibular disorder",
    "nasal obstruction", "hearing loss", "facial asymmetry", "eyelid ptosis", "Parkinson's disease",
]
SYMPTOMS = [
    "facial twitching", "muscle weakness", "drooping of the mouth", "difficulty closing the eye", "tearing",
    "pain behind the ear", "numbness", "headaches", "dizziness", "ringing in the ears", "dry mouth",
    "changes in taste", "sensitivity to sound", "blurred vision", "fatigue", "involuntary blinking",
    "tightness in the cheek", "difficulty speaking", "trouble swallowing", "jaw pain", "swelling",
]
TREATMENTS = [
    "botulinum toxin injections", "physical therapy", "facial retraining", "corticosteroids", "antiviral medication",
    "microvascular decompression", "nerve grafting", "selective neurectomy", "eyelid weight placement",
    "gracilis muscle transfer", "massage therapy", "biofeedback", "electrical stimulation", "surgical reanimation",
    "eye drops", "lifestyle changes", "stress management", "hyaluronic acid fillers", "speech therapy",
]
BODY_PARTS = [
    "eyelid", "cheek", "lip", "chin", "forehead", "jaw", "neck", "brow", "nose", "ear", "mouth", "face", "tongue",
]
SPECIALISTS = [
    "facial plastic surgeon", "neurologist", "otolaryngologist", "physical therapist", "ophthalmologist",
    "neurosurgeon", "primary care physician", "speech pathologist", "dermatologist",
]
TESTS = [
    "electromyography", "magnetic resonance imaging", "a computed tomography scan", "blood tests",
    "a nerve conduction study", "a hearing test", "a detailed physical examination", "a review of your history",
]
CAUSES = [
    "a viral infection", "inflammation of the facial nerve", "compression of the nerve by a blood vessel",
    "trauma to the head", "a tumor near the nerve", "stress and fatigue", "too much caffeine", "an autoimmune reaction",
    "aberrant nerve regeneration", "a stroke", "an ear infection", "surgery near the parotid gland",
]
TIMEFRAMES = [
    "a few days", "several weeks", "three to six months", "a year", "two weeks", "several months", "a few hours",
]
ADJ = ["common", "rare", "temporary", "persistent", "mild", "severe", "chronic", "sudden", "gradual", "painful"]
ADV = ["usually", "often", "sometimes", "rarely", "typically", "frequently", "occasionally", "generally"]
PEOPLE = ["patients", "adults", "children", "older adults", "people", "individuals", "women", "men", "teenagers"]

SENTENCES = [
    # short, plain
    "{Condition} is {adj}.",
    "Most {people} recover.",
    "Call us if {symptom} gets worse.",
    "Rest helps in many cases.",
    "You are not alone.",
    "Ask your {specialist} about {treatment}.",
    "{Treatment} can help.",
    "It may take {timeframe} to heal.",
    "Your {body} may feel weak.",
    "We can help you today.",
    # medium
    "{Condition} can cause {symptom} and {symptom2} in the {body}.",
    "Many {people} with {condition} notice {symptom} first.",
    "The most common cause is {cause}, although other factors may play a role.",
    "A {specialist} will {adv} recommend {test} before starting treatment.",
    "{Treatment} {adv} improves {symptom} within {timeframe}.",
    "If you notice {symptom}, make an appointment with a {specialist}.",
    "Some {people} also report {symptom} and {symptom2}.",
    "{Symptom} is {adv} the first sign of {condition}.",
    "Treatment depends on the cause, the severity and your overall health.",
    "Dr. O. and our team see {people} with {condition} every week.",
    "About {pct} percent of {people} with {condition} have {symptom}.",
    "In most cases, {symptom} improves once the underlying cause is treated.",
    "Your doctor may ask when the {symptom} started and whether it comes and goes.",
    "[Keeping|Writing] a [diary|journal|log] of your {symptom} [helps|allows] the {specialist} [see|spot] patterns.",
    "The {body} [may|can|might] [feel|look|seem] [stiff|heavy|tight|weak|swollen] [for|during] {timeframe}.",
    "{Treatment} [works|helps] best when [it is|it's] [started|combined with {treatment2}] early.",
    "[Ask|Tell] your {specialist} [about|if you notice] {symptom}.",
    "[Gentle|Daily|Regular] [exercises|stretches|massage] [for|of] the {body} [can|may] [reduce|ease|relieve] {symptom}.",
    "[Sleep|Rest|Hydration|A balanced diet] [matters|helps|plays a role] [too|as well|more than many expect].",
    "[We|Our team|Our {specialist}s] [will|can] [explain|discuss|review] [every|each] [option|step|risk] with you.",
    "{People} [who|that] [smoke|have diabetes|are over sixty|had surgery] [face|have] a [higher|greater] risk of {condition}.",
    "[Most|Many|Some] insurance plans [cover|pay for|include] {test} [and|but not always] {treatment}.",
    "[Recovery|Healing|Improvement] [is|tends to be] [slower|faster|less predictable] [in|for] {people}.",
    "[Call|Contact|Phone] [us|our office|the clinic] [if|when|as soon as] {symptom} [returns|worsens|spreads].",
    "[Research|Evidence|Experience] [suggests|shows|indicates] that {treatment} [reduces|lowers|limits] {symptom2}.",
    "[Nerve|Muscle|Tissue] [damage|injury|weakness] [rarely|seldom|often] [becomes|turns] permanent.",
    "{Condition} [affects|involves|changes] [how|the way] [you|people|patients] [smile|blink|speak|eat|sleep].",
]
# Long, polysyllabic sentences are assembled from three independent parts, each with synonyms, so that two pages
# rarely share a long sentence frame (a fixed 25-word frame on every page would read as near-verbatim copying).
LONG_LEAD = [
    "[Although|While|Even though] the [precise|exact|underlying] [etiology|mechanism|origin] of {condition} "
    "[remains|is still] [incompletely|poorly|only partly] understood",
    "Because {condition} [frequently|commonly|occasionally] [coexists|occurs together|overlaps] with {condition2}",
    "Depending on the [duration|severity|progression|location] of {symptom}",
    "When [conservative|nonsurgical|initial] [management|therapy|care], [including|such as] {treatment}, "
    "[fails|is unable] to [produce|provide|achieve] [satisfactory|meaningful|lasting] [improvement|relief]",
    "[Since|As] untreated {condition} can [progressively|gradually|permanently] [impair|affect|compromise] "
    "[facial expression|communication|emotional wellbeing|eye protection]",
    "[Following|After] [a thorough|an initial|a comprehensive] [evaluation|assessment|consultation] [by|with] "
    "[an experienced|a qualified|a specialized] {specialist}",
    "[In|Among] {people} [presenting|diagnosed|living] with {symptom}",
    "[Considering|Given] the [variability|complexity|unpredictability] of {condition}",
]
LONG_MAIN = [
    "[researchers|clinicians|physicians|specialists] [believe|suspect|have suggested] that {cause} "
    "[contributes|plays a role|is involved] [significantly|substantially|in part] in {symptom}",
    "{treatment} [may|can|might] be [combined|coordinated|paired] with {treatment2} to [optimize|improve|support] "
    "[functional|long-term|overall] [recovery|outcomes|function]",
    "[diagnostic|clinical] [evaluation|investigation] [typically|usually|often] [includes|involves|requires] {test} "
    "[and|as well as|followed by] {test2}",
    "[surgical|operative|procedural] [options|alternatives|interventions] such as {treatment2} [can|may|should] be "
    "[considered|discussed|evaluated]",
    "[prompt|early|timely] [diagnosis|recognition|referral] and [appropriate|individualized|targeted] "
    "[intervention|treatment|management] are [particularly|especially|critically] [important|valuable|necessary]",
    "{condition} is [characterized|defined|recognized] by [{adj}|intermittent|progressive] [dysfunction|weakness|"
    "overactivity] of the [facial|{body}] [musculature|muscles|nerve branches]",
    "the [{specialist}|care team|medical team] [will|may|can] [recommend|propose|prioritize] {treatment} "
    "[before|instead of|alongside] {treatment2}",
]
LONG_TAIL = [
    "", "", ", which [allows|helps|enables] the [physician|team|{specialist}] to [determine|identify|locate] the "
    "[location|extent|cause] of {symptom}",
    ", [minimizing|reducing|limiting] the [risk|likelihood|chance] of [permanent|lasting|serious] [complications|damage|"
    "asymmetry]", ", [particularly|especially|notably] [in|for|among] {people} [with|who report] {symptom2}",
    ", [although|but|yet] [rehabilitation|recovery|improvement] [may|can|might] [take|require|last] {timeframe}",
]
# Optional sentence openers and tails: multiply the sentence space (real pages rarely repeat a sentence frame).
OPENERS = [
    "In most cases", "For many {people}", "According to recent [studies|research|clinical reports]", "After {timeframe}",
    "Without [treatment|care|proper care]", "During the first [visit|consultation|examination]", "In rare cases",
    "Over time", "At our [practice|clinic|office]", "When {symptom} [appears|starts|begins] suddenly",
    "If {symptom} [lasts|persists|continues] longer than {timeframe}", "Because every patient is different",
    "As a general rule", "For [this|that] reason", "Fortunately", "Unfortunately", "In [our|my] experience",
    "Before any [procedure|treatment|injection]", "Once the [diagnosis|cause] is [clear|confirmed|known]",
    "Especially in {people}", "[Like|Unlike] {condition2}", "In the [early|later|final] stages",
]
TAILS = [
    "", "", "", "", " [in|for] most {people}", " within {timeframe}", " [without|with] {treatment}",
    " [according to|as recommended by] [the|your|a] {specialist}", " on one side of the {body}",
    " [after|before] {test}", " [especially|particularly] when {symptom} is present", " at [night|rest|work|home]",
    " [during|after] periods of [stress|illness|poor sleep]", " in [the|your] {body} and {body2}",
]
HEADINGS = [
    "Understanding {Condition}", "What Causes {Symptom}?", "Symptoms of {Condition}", "How Is {Condition} Diagnosed",
    "Treatment Options", "{Treatment} for {Condition}", "When to See a {Specialist}", "Recovery and Outlook",
    "Living With {Condition}", "Frequently Asked Questions", "Risk Factors", "{Condition} in {People}",
    "Seeking Evaluation and Treatment", "Our Approach", "What to Expect at Your Visit",
]
LIST_INTROS = [
    "Common symptoms include:", "Possible causes include:", "Treatment options may include:",
    "Your visit may include:", "Risk factors include:",
]
LIST_POOLS = ["symptom", "cause", "treatment", "test", "condition"]
ALT_TEXT = [
    "woman with her hand on her {body}", "doctor examining a patient's {body}", "man touching his {body}",
    "close up of a {body}", "smiling patient after treatment", "a concerned woman touching her {body}.",
]

STREETS = ["East 40 Street", "Park Avenue", "Main Street", "Madison Avenue", "Oak Lane", "Harbor Boulevard"]
CITIES = [("New York", "NY", "10016"), ("Boston", "MA", "02115"), ("Chicago", "IL", "60611"),
          ("Denver", "CO", "80206"), ("Austin", "TX", "78701")]
PRACTICE_A = ["Facial", "Head and Neck", "Face and Nerve", "Ear, Nose and Throat", "Craniofacial"]
PRACTICE_B = ["Paralysis Center", "Institute", "Specialists", "Clinic", "Associates"]
PROPER = {"Dr.", "Bell's", "Parkinson's", "Lyme", "Ramsay", "I", "Tourette"}
ALT_RE = re.compile(r"\[([^\[\]]+)\]")  # "[a|b|c]": one alternative, chosen per sentence
AN_RE = re.compile(r"\b([Aa]) ([aeiou])")  # "a otolaryngologist" -> "an otolaryngologist"
SECTIONS = ["conditions", "treatments", "blog", "faq", "about"]


@lru_cache(maxsize=1)
def real_vocabulary() -> tuple[list[str], list[float]]:
    """(words, cumulative probabilities) of spaCy's English `lexeme_prob` table (spacy-lookups-data), alphabetic
    ASCII words only, in the file's order (deterministic)."""
    spec = importlib.util.find_spec("spacy_lookups_data")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "en_lexeme_prob.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        table = json.load(fh)
    words = [w for w in table if w.isalpha() and w.isascii()]
    return words, list(itertools.accumulate(math.exp(table[w]) for w in words))


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


class Site:
    """The template shared by every page of one generated site."""

    def __init__(self, seed: int):
        rng = random.Random(f"site:{seed}")
        city, state, zipcode = rng.choice(CITIES)
        self.name = f"{rng.choice(CITIES)[0]} {rng.choice(PRACTICE_A)} {rng.choice(PRACTICE_B)}"
        self.short = "".join(w[0] for w in self.name.split() if w[0].isupper())
        area = rng.randint(201, 989)
        self.phone = f"({area}) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}"
        self.fax = f"({area}) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}"
        self.vanity = f"({area}) {rng.randint(200, 999)}-{rng.randint(1000, 9999)} (FACE)"
        self.address = f"{rng.randint(10, 999)} {rng.choice(STREETS)}, Suite {rng.randint(100, 900)}"
        self.city = f"{city}, {state} {zipcode}"
        self.hours = "Monday - Friday: 8:30 AM – 5:00 PM"

    def header(self, alt: str) -> list[str]:
        return ["Skip to main content", f"{self.phone} {self.vanity}", alt, ""]

    def footer(self) -> list[str]:
        return [
            "", f"Posted on behalf of {self.name}", "", self.address, self.city, "", f"Phone: {self.phone}", "",
            f"FAX: {self.fax}", "", "", self.hours, "", "", "", self.name, "", self.address, self.city, "",
            f"{self.phone} {self.vanity}", "", f"Opening Times: {self.hours}", "",
            f"If you are interested in discussing your case with the {self.short} specialists:",
        ]


class PageWriter:
    """Builds one page's article from its own RNG."""

    def __init__(self, rng: random.Random, zipf_share: float = 0.5):
        self.rng = rng
        self.topic = rng.choice(CONDITIONS)
        self.zipf_share = zipf_share

    def zipf_sentence(self) -> str:
        """A sentence of words drawn from the real vocabulary by their real frequency (a realistic Zipf curve)."""
        r = self.rng
        words, cum = real_vocabulary()
        n = min(45, max(3, round(r.gauss(16, 8))))
        drawn = r.choices(words, cum_weights=cum, k=n)
        for i in range(2, n - 1, 7):  # a comma now and then
            if r.random() < 0.5:
                drawn[i] += ","
        return _cap(" ".join(drawn)) + r.choice(".....?!")

    def sentence(self) -> str:
        r = self.rng
        if self.zipf_share and r.random() < self.zipf_share:
            return self.zipf_sentence()
        if r.random() < 0.22:  # a long, complex sentence (grade 14+)
            main = self.fill(r.choice(LONG_MAIN))
            return self.fill(r.choice(LONG_LEAD)) + ", " + main + self.fill(r.choice(LONG_TAIL)) + "."
        core = r.choice(SENTENCES)
        if r.random() < 0.5 and core.endswith("."):
            core = core[:-1] + r.choice(TAILS) + "."
        text = self.fill(core)
        if r.random() < 0.35 and text.endswith("."):
            first = text.split(" ", 1)[0]
            if first not in PROPER and not first.isupper():
                text = text[0].lower() + text[1:]
            text = self.fill(r.choice(OPENERS)) + ", " + text
        return text

    def fill(self, template: str) -> str:
        r = self.rng
        template = ALT_RE.sub(lambda m: r.choice(m.group(1).split("|")), template)
        # the page's topic dominates, like a real article
        cond = self.topic if r.random() < 0.6 else r.choice(CONDITIONS)
        values = {
            "condition": cond, "condition2": r.choice(CONDITIONS), "symptom": r.choice(SYMPTOMS),
            "symptom2": r.choice(SYMPTOMS), "treatment": r.choice(TREATMENTS), "treatment2": r.choice(TREATMENTS),
            "body": r.choice(BODY_PARTS), "body2": r.choice(BODY_PARTS), "specialist": r.choice(SPECIALISTS), "test": r.choice(TESTS),
            "test2": r.choice(TESTS), "cause": r.choice(CAUSES), "timeframe": r.choice(TIMEFRAMES),
            "adj": r.choice(ADJ), "adv": r.choice(ADV), "people": r.choice(PEOPLE), "pct": str(r.randint(2, 60)),
        }
        values.update({_cap(k): _cap(v) for k, v in list(values.items())})
        values["Condition"] = _cap(cond)
        return AN_RE.sub(r"\1n \2", template.format(**values))

    def heading(self) -> str:
        return " ".join(w[:1].upper() + w[1:] for w in self.fill(self.rng.choice(HEADINGS)).split())

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 7)))

    def bullets(self) -> tuple[str, list[str]]:
        pool = {"symptom": SYMPTOMS, "cause": CAUSES, "treatment": TREATMENTS, "test": TESTS,
                "condition": CONDITIONS}[self.rng.choice(LIST_POOLS)]
        items = self.rng.sample(pool, self.rng.randint(3, 6))
        return self.rng.choice(LIST_INTROS), [_cap(i) for i in items]

    def body(self, target_words: int) -> list[tuple[str, object]]:
        """The article as (kind, content) parts: ('p', text), ('h', text), ('ul', (intro, items))."""
        parts: list[tuple[str, object]] = [("p", self.paragraph())]
        words = len(parts[0][1].split())
        while words < target_words:
            roll = self.rng.random()
            if roll < 0.22:
                text = self.heading()
                parts.append(("h", text))
            elif roll < 0.32:
                intro, items = self.bullets()
                parts.append(("ul", (intro, items)))
                text = intro + " " + " ".join(items)
            else:
                text = self.paragraph()
                parts.append(("p", text))
            words += len(text.split())
        parts.append(("p", f"Contact our office today to schedule an appointment about {self.topic}."))
        return parts


def page_parts(seed: int, index: int, words_min: int, words_max: int,
               zipf_share: float = 0.5) -> tuple[PageWriter, list]:
    rng = random.Random(f"page:{seed}:{index}")
    writer = PageWriter(rng, zipf_share)
    return writer, writer.body(rng.randint(words_min, words_max))


def _render_text(parts: list, markdown: bool) -> list[str]:
    lines: list[str] = []
    for kind, content in parts:
        if kind == "h":
            lines += [("## " if markdown else "") + content, ""]
        elif kind == "p":
            lines += [content, ""]
        else:
            intro, items = content
            lines += [intro] + [("- " if markdown else "  • ") + i for i in items] + [""]
    return lines


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _render_html(site: Site, title: str, url: str, alt: str, parts: list) -> str:
    body = []
    for kind, content in parts:
        if kind == "h":
            body.append(f"<h2>{_esc(content)}</h2>")
        elif kind == "p":
            body.append(f"<p>{_esc(content)}</p>")
        else:
            intro, items = content
            body.append(f"<p>{_esc(intro)}</p><ul>" + "".join(f"<li>{_esc(i)}</li>" for i in items) + "</ul>")
    return (
        f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{_esc(title)}</title>"
        f"<link rel=\"canonical\" href=\"{url}\"><style>body{{font-family:sans-serif}}</style>"
        "<script>window.dataLayer=[];</script></head>\n<body>"
        f"<a href=\"#main\">Skip to main content</a><header><nav><a href=\"/\">Home</a> <a href=\"/conditions\">"
        f"Conditions</a> <a href=\"/contact\">Contact</a></nav><p>{site.phone}</p></header>\n"
        f"<main id=\"main\"><article><h1>{_esc(title)}</h1><img alt=\"{_esc(alt)}\" src=\"/img.jpg\">\n"
        + "\n".join(body)
        + f"\n<p class=\"byline\">Posted on behalf of {_esc(site.name)}</p></article></main>\n"
        f"<footer><p>{_esc(site.address)}<br>{_esc(site.city)}</p><p>Phone: {site.phone}</p>"
        f"<p>FAX: {site.fax}</p><p>{_esc(site.hours)}</p></footer></body></html>\n"
    )


def generate(out: Path, pages: int, seed: int = 7, copy_share: float = 0.15, md_share: float = 0.08,
             html_share: float = 0.02, words_min: int = 300, words_max: int = 1500, quiet: bool = True,
             zipf_share: float = 0.5) -> dict:
    """Write a corpus of `pages` pages to `out` (replaced if present) and return its manifest."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    site = Site(seed)
    plan_rng = random.Random(f"plan:{seed}:{pages}")
    copies = []
    seen_hashes: set[str] = set()
    digest = hashlib.sha256()
    kinds = {"txt": 0, "md": 0, "html": 0}
    for i in range(pages):
        writer, parts = page_parts(seed, i, words_min, words_max, zipf_share)
        # a known share of pages copy 1-3 paragraphs from another page (verbatim: duplicated content)
        if pages > 1 and plan_rng.random() < copy_share:
            j = plan_rng.randrange(pages - 1)
            j += j >= i
            _, source_parts = page_parts(seed, j, words_min, words_max, zipf_share)
            paras = [c for k, c in source_parts[:-1] if k == "p"]
            taken = plan_rng.sample(paras, min(len(paras), plan_rng.randint(1, 3)))
            for text in taken:
                parts.insert(plan_rng.randint(1, len(parts) - 1), ("p", text))
            copies.append({"page": i, "from": j, "paragraphs": len(taken), "words": sum(len(t.split()) for t in taken)})
        roll = plan_rng.random()
        ext = "html" if roll < html_share else "md" if roll < html_share + md_share else "txt"
        section = SECTIONS[i % len(SECTIONS)]
        stem = f"{section}/{i:06d}-{writer.topic.lower().replace(' ', '-').replace(chr(39), '')}"
        title = " ".join(w[:1].upper() + w[1:] for w in writer.topic.split()) + f": Guide {i}"
        alt = writer.fill(writer.rng.choice(ALT_TEXT))
        if ext == "html":
            text = _render_html(site, title, f"https://example.org/{stem}", alt, parts)
        else:
            lines = site.header(alt) + (["# " + title, ""] if ext == "md" else []) + _render_text(parts, ext == "md")
            while lines and not lines[-1]:
                lines.pop()
            text = "\n".join(lines + site.footer()) + "\n"
        data = text.encode("utf-8")
        h = hashlib.sha256(data).hexdigest()
        if h in seen_hashes:  # never happens with this vocabulary; guard the "every page is unique" promise
            raise RuntimeError(f"page {i} duplicates an earlier page")
        seen_hashes.add(h)
        digest.update(h.encode())
        path = out / f"{stem}.{ext}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        kinds[ext] += 1
        if not quiet and (i + 1) % 1000 == 0:
            print(f"  generated {i + 1}/{pages}", file=sys.stderr)
    manifest = {
        "generator_version": GENERATOR_VERSION, "seed": seed, "pages": pages, "copy_share": copy_share,
        "md_share": md_share, "html_share": html_share, "words_min": words_min, "words_max": words_max,
        "zipf_share": zipf_share,
        "files": kinds, "copies": copies, "corpus_sha256": digest.hexdigest(),
    }
    # the manifest lives next to (not inside) the page folder, so it is never audited as a page
    (out.parent / f"{out.name}.manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def corpus_path(pages: int, seed: int) -> Path:
    return CORPORA / f"site-{pages}-s{seed}"


def ensure(pages: int, seed: int = 7, quiet: bool = True) -> Path:
    """The corpus for (pages, seed) under benchmarks/_corpora/, generated unless an identical one is there."""
    out = corpus_path(pages, seed)
    manifest = out.parent / f"{out.name}.manifest.json"
    if out.is_dir() and manifest.is_file():
        try:
            m = json.loads(manifest.read_text())
            if m.get("generator_version") == GENERATOR_VERSION and m.get("pages") == pages:
                return out
        except ValueError:
            pass
    generate(out, pages, seed, quiet=quiet)
    return out


def vocabulary_of(out: Path) -> dict:
    """The corpus's manifest with its word tokens and distinct words per million (`corpora.vocabulary`, counted
    once and kept in the manifest)."""
    path = out.parent / f"{out.name}.manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if "distinct_per_million" not in manifest:
        sys.path.insert(0, str(HERE))
        from corpora import vocabulary

        manifest.update(vocabulary(out))
        path.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--pages", type=int, default=1000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", type=Path, help="default: benchmarks/_corpora/site-PAGES-sSEED")
    p.add_argument("--copy-share", type=float, default=0.15)
    p.add_argument("--md-share", type=float, default=0.08)
    p.add_argument("--html-share", type=float, default=0.02)
    p.add_argument("--words-min", type=int, default=300)
    p.add_argument("--words-max", type=int, default=1500)
    p.add_argument("--zipf-share", type=float, default=0.5,
                   help="share of sentences drawn from the real vocabulary by frequency (0: templates only, as v3)")
    a = p.parse_args(argv)
    out = a.out or corpus_path(a.pages, a.seed)
    m = generate(out, a.pages, a.seed, a.copy_share, a.md_share, a.html_share, a.words_min, a.words_max, quiet=False,
                 zipf_share=a.zipf_share)
    print(f"{out}: {m['pages']} pages {m['files']}, {len(m['copies'])} copy passages, sha256 {m['corpus_sha256'][:16]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
