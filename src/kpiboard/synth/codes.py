"""Code lists: the values written to files and how often each one occurs.

Each list is ``(code, Annex A label, weight)``. The Annex A label is the cell value exactly as the
2024 Annex A template words it (prefix letters included); SSDA903 files carry the bare code. In
the canonical records a field carries the SSDA903 code where SSDA903 has one (legal status,
placement type, RNE, need code, activity, accommodation letter) and otherwise the Annex A label
without its list prefix (``"6: Police"``, ``"Child in need plan"``).
"""

from __future__ import annotations

import re

import numpy as np

_PREFIX = re.compile(r"^[a-z]{1,2}\d?\)\s*")


def plain(label: str) -> str:
    """An Annex A label without its ``a) `` list prefix."""
    return _PREFIX.sub("", label)


def weights(table) -> np.ndarray:
    w = np.array([row[-1] for row in table], dtype=float)
    return w / w.sum()


GENDERS = [("1", "a) Male", 51.6), ("2", "b) Female", 47.9), ("0", "c) Not stated/recorded", 0.3),
           ("", "", 0.2)]  # a few blank genders: a data-quality flaw on purpose

# Children in need, England: White British the majority; NOBT where not yet recorded.
ETHNICITIES = [
    ("WBRI", "a) WBRI", 61.0), ("WIRI", "b) WIRI", 0.5), ("WIRT", "c) WIRT", 0.3),
    ("WOTH", "d) WOTH", 6.0), ("WROM", "e) WROM", 1.0), ("MWBC", "f) MWBC", 3.0),
    ("MWBA", "g) MWBA", 1.3), ("MWAS", "h) MWAS", 1.7), ("MOTH", "i) MOTH", 3.0),
    ("AIND", "j) AIND", 1.3), ("APKN", "k) APKN", 3.2), ("ABAN", "l) ABAN", 1.3),
    ("AOTH", "m) AOTH", 1.8), ("BCRB", "n) BCRB", 1.4), ("BAFR", "o) BAFR", 4.2),
    ("BOTH", "p) BOTH", 1.5), ("CHNE", "q) CHNE", 0.3), ("OOTH", "r) OOTH", 3.0),
    ("REFU", "s) REFU", 0.5), ("NOBT", "s) NOBT", 3.2),
]
ETH_INDEX = {code: i for i, (code, _, _) in enumerate(ETHNICITIES)}
# Unaccompanied asylum-seeking children: Afghan, Eritrean, Sudanese, Albanian, Iranian, ...
UASC_ETHNICITIES = {"AOTH": 34, "BAFR": 30, "OOTH": 18, "BOTH": 6, "WOTH": 7, "MOTH": 3, "NOBT": 2}

SOURCES = [
    ("1A", "a) 1A: Individual", 5.5), ("1B", "b) 1B: Individual", 1.0), ("1C", "c) 1C: Individual", 1.2),
    ("1D", "d) 1D: Individual", 1.3), ("2A", "e) 2A: Schools", 19.5), ("2B", "f) 2B: Education services", 1.5),
    ("3A", "g) 3A: Health services", 2.4), ("3B", "h) 3B: Health services", 2.6),
    ("3C", "i) 3C: Health services", 0.8), ("3D", "j) 3D: Health services", 2.8),
    ("3E", "k) 3E: Health services", 2.9), ("3F", "l) 3F: Health services", 3.6),
    ("4", "m) 4: Housing", 1.8), ("5A", "n) 5A: LA services", 2.0), ("5B", "o) 5B: LA services", 3.0),
    ("5C", "p) 5C: LA services", 1.6), ("5D", "v) 5D: LA services", 4.0), ("6", "q) 6: Police", 29.5),
    ("7", "r) 7: Other legal agency", 3.5), ("8", "s) 8: Other", 5.0), ("9", "t) 9: Anonymous", 2.3),
    ("10", "u) 10: Unknown", 1.2),
]
SOURCE_UASC = [i for i, s in enumerate(SOURCES) if s[0] in ("6", "7")]

NEEDS = [("N1", "N1 - Abuse or neglect", 57), ("N2", "N2 - Child's disability", 9),
         ("N3", "N3 - Parental disability or illness", 3), ("N4", "N4 - Family in acute stress", 9),
         ("N5", "N5 - Family dysfunction", 14), ("N6", "N6 - Socially unacceptable behaviour", 3),
         ("N7", "N7 - Low income", 0.5), ("N8", "N8 - Absent parenting", 2.5),
         ("N9", "N9 - Cases other than children in need", 1), ("N0", "N0 - Not stated", 1)]
NEED = {c: i for i, (c, _, _) in enumerate(NEEDS)}

CASE_STATUS = ["a) Looked after child", "b) Child Protection plan", "c) Child in need plan",
               "d) Open assessment", "e) Closed episode"]
CLOSURE = {"RC1": "RC1 - Adopted", "RC3": "RC3 - Child arrangements order",
           "RC4": "RC4 - Special guardianship order",
           "RC5": "RC5 - Transferred to services of another local authority",
           "RC6": "RC6 - Transferred to adult social care services",
           "RC7": "RC7 - Services ceased for any other reason, including child no longer in need",
           "RC8": "RC8 - Case closed after assessment, no further action",
           "RC9": "RC9 - Case closed after assessment, referred to early help"}
CLOSURE_CODES = list(CLOSURE)

ABUSE = [("NEG", "Neglect", 51), ("EMO", "Emotional abuse", 37), ("PHY", "Physical abuse", 7),
         ("SAB", "Sexual abuse", 3.5), ("MUL", "Multiple/not recommended", 1.5)]

LEGAL = {"C1": "C1: ICO", "C2": "C2: FCO", "D1": "D1: Freeing order", "E1": "E1: Placement order",
         "V2": "V2: Single period under S20", "V3": "V3: Short term breaks, episodes recorded",
         "V4": "V4: Short term breaks, agreements recorded",
         "L1": "L1: Police protection LA accommodation", "L2": "L2: EPO",
         "L3": "L3: Child assessment order LA accommodation",
         "J1": "J1: Remanded to LA or youth detention", "J2": "J2: LA accommodation under PACE",
         "J3": "J3: Youth rehabilitation order"}
LS = list(LEGAL)
LS_INDEX = {c: i for i, c in enumerate(LS)}

PLACEMENTS = {
    "U1": "a) U1: Foster placement - relatives - long term", "U2": "b) U2: Foster placement - relative - FFA",
    "U3": "c) U3: Foster placement - relative - not FFA", "U4": "d) U4: Foster placement - long term",
    "U5": "e) U5: Foster placement - FFA", "U6": "f) U6: Foster placement - not FFA",
    "A3": "g) A3: Placed for adoption - consent - current foster",
    "A4": "h) A4: Placed for adoption - consent - not foster",
    "A5": "i) A5: Placed for adoption - order - foster", "A6": "j) A6: Placed for adoption - order - not foster",
    "P1": "k) P1: Placed with parents", "P2": "l) P2: Independent living", "H5": "n) H5: Residential accommodation",
    "K1": "o) K1: Secure Children's Homes", "K2": "p) K2: Children's Homes", "R1": "q) R1: Residential Care Home",
    "R2": "r) R2: NHS/Health Trust", "R3": "s) R3: Family Centre or Mother and Baby Unit",
    "R5": "t) R5: Young Offender Institution", "S1": "u) S1: Residential school", "Z1": "v) Z1: Other placements",
    "T0": "w) T0: Temporary placement",
}
PLACE = list(PLACEMENTS)
PL = {c: i for i, c in enumerate(PLACE)}
# Placement type mixes by age at the start of the placement (DfE children looked after, 2024).
PLACE_MIX = {
    "baby": {"U6": 62, "U3": 17, "R3": 9, "P1": 7, "U5": 5},
    "child": {"U6": 68, "U3": 21, "K2": 1, "P1": 6, "S1": 1, "Z1": 1, "T0": 2},
    "tween": {"U6": 64, "U3": 18, "K2": 8, "P1": 5, "S1": 2, "Z1": 1, "T0": 2},
    "teen": {"U6": 52, "K2": 27, "U3": 10, "P1": 3, "S1": 2, "R1": 1, "K1": 1, "Z1": 2, "R2": 1, "T0": 1},
    "older": {"H5": 38, "U6": 30, "K2": 20, "U3": 5, "P2": 4, "Z1": 2, "R2": 1},
    "uasc": {"H5": 62, "U6": 30, "K2": 8},
    "short": {"U6": 55, "K2": 45},
}
PROVIDER = {"PR0": "a) PR0 - Parents/Parental responsibility", "PR1": "b) PR1 - Own provision",
            "PR2": "c) PR2 - Other LA provision", "PR3": "d) PR3 - Other public provision",
            "PR4": "e) PR4 - Private provision", "PR5": "f) PR5 - Voluntary/third sector"}

REASON_CEASED = {
    "E11": "a) E11: Adopted - application unopposed", "E12": "b) E12: Adopted - consent dispensed",
    "E2": "c) E2: Died", "E3": "d) E3: Care taken by another LA",
    "E4A": "e) E4A: Returned home to live with parents or relatives - part of planning",
    "E4B": "f) E4B: Returned home to live with parents or relatives - not part of planning",
    "E13": "g) E13: Parents, relatives or other with no parental responsibility",
    "E41": "h) E41: Residence order granted",
    "E45": "i) E45: Special Guardianship Orders - former carer relative/friend",
    "E46": "j) E46: Special Guardianship Orders - former carer other",
    "E47": "k) E47: Special Guardianship Orders - relative/friend",
    "E48": "l) E48: Special Guardianship Orders - other",
    "E5": "m) E5: Moved into independent living - supported", "E6": "n) E6: Moved into independent living - no support",
    "E7": "o) E7: Transferred to residential care funded by adult social services",
    "E9": "p) E9: Sentenced to custody", "E14": "q) E14: Accommodation on remand ended",
    "E15": "r) E15: Age assessment determined child was 18 or over", "E16": "s) E16: Child moved abroad",
    "E8": "t) E8: Care ceased for any other reason", "E17": "v) E17: Aged 18+ and remained with current carers",
}
REC = list(REASON_CEASED)
REC_INDEX = {c: i for i, c in enumerate(REC)}
# How each kind of exit is coded.
EXIT_CODES = {
    "home": {"E4A": 74, "E4B": 14, "E13": 12},
    "sgo": {"E45": 22, "E46": 4, "E47": 58, "E48": 9, "E41": 7},
    "adopt": {"E11": 38, "E12": 62},
    "other": {"E8": 58, "E3": 22, "E16": 5, "E13": 15},
    "adult": {"E17": 24, "E5": 34, "E6": 5, "E4A": 9, "E8": 15, "E7": 3, "E13": 8, "E3": 2},
    "remand": {"E14": 78, "E9": 22},
    "uasc": {"E15": 60, "E8": 25, "E3": 15},
    "short": {"E8": 100},
}
PLACE_CHANGE = ["CARPL", "CHILD", "CREQB", "CREQO", "LAREQ", "ALLEG", "STAND", "APPRR", "CLOSE", "OTHER"]
PLACE_CHANGE_W = np.array([34, 9, 14, 8, 12, 3, 3, 2, 5, 10], dtype=float) / 100
PERMANENCE = {"home": "a) Return to family", "adopt": "b) Adoption", "sgo": "c) SGO/CAO",
              "adult": "d) Supported living in the community", "resi": "e) Long-term residential placement",
              "foster": "f) Long-term fostering", "other": "g) other"}

# The codes every SSDA903 and Annex A reader knows (the newer F4/F5/P4/P5 split of F3/P3 is not used).
ACTIVITIES = [("F1", "F1: Full time in higher education", 6.0), ("P1", "P1: Part time in higher education", 0.8),
              ("F2", "F2: Full time in education other than higher", 24.0),
              ("P2", "P2: Part time in education other than higher", 4.0),
              ("F3", "F3: Full time in training or employment", 14.0),
              ("P3", "P3: Part time in training or employment", 6.2),
              ("G4", "G4: Not in education, employment or training - illness or disability", 9.0),
              ("G5", "G5: Not in education, employment or training - other", 27.0),
              ("G6", "G6: Not in education, employment or training - pregnancy or parenting", 9.0)]
EET = np.array([not code.startswith("G") for code, _, _ in ACTIVITIES])

ACCOMMODATION = [("B", "B: Parents/relatives", 11, 0.93), ("C", "C: Community home/residential care", 2, 0.95),
                 ("D", "D: Semi-independent, transitional accommodation and self-contained accommodation", 21, 0.93),
                 ("E", "E: Supported lodgings", 8, 0.96),
                 ("K", "K: Ordinary lodgings, without formal support", 3, 0.75),
                 ("T", "T: Foyers and similar supported accommodation", 6, 0.9),
                 ("U", "U: Independent living", 33, 0.9),
                 ("Z", "Z: With former foster carers", 10, 0.99), ("S", "S: No fixed adobe/homeless", 1.5, 0.0),
                 ("V", "V: Emergency accommodation", 1, 0.0), ("W", "W: Bed and breakfast", 0.5, 0.0),
                 ("X", "X: In custody", 2, 0.0), ("Y", "Y: Other accommodation", 1.5, 0.6)]
ACCOM_SUITABLE = np.array([row[3] for row in ACCOMMODATION])
IN_TOUCH = [("YES", "a) Yes", 88.5), ("NO", "b) No", 4.5), ("REFU", "d) Refu", 2.5), ("NREQ", "e) NREQ", 1.5),
            ("RHOM", "f) Rhom", 2.8), ("DIED", "c) Died", 0.2)]
# In touch: YES; not in touch: NO, REFU (refuses), NREQ (no longer requires services), RHOM
# (returned home); DIED is neither. Activity and accommodation are known for YES and RHOM.
IN_TOUCH_FLAG = np.array([{"YES": True, "DIED": None}.get(code, False) for code, _, _ in IN_TOUCH], dtype=object)
IN_TOUCH_KNOWN = np.array([code in ("YES", "RHOM") for code, _, _ in IN_TOUCH])

REVIEW_CODES = ["PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"]
REVIEW_W = np.array([47, 19, 8, 6, 9, 7, 4], dtype=float) / 100

NO_LONGER = ["RD1 - The child\u2019s needs changed subsequent to the decision",
             "RD2 - The Court did not make a placement order", "RD3 - Prospective adopters could not be found",
             "RD4 - Any other reason"]
ADOPTER_SEX = {"MF": ("L11", 62), "FF": ("L12", 7), "MM": ("L12", 6), "F1": ("L0", 13), "M1": ("L0", 2),
               "MF_": ("L3", 10)}
EARLY_HELP = ["Early Help Locality 1", "Early Help Locality 2", "Early Help Locality 3",
              "Family Hub North", "Family Hub South", "Top Town Academy", "Riverside Primary School",
              "Health Visiting Service"]

TEAMS = ["Front Door / MASH", "Assessment Team 1", "Assessment Team 2", "Assessment Team 3",
         "Child Protection Team 1", "Child Protection Team 2", "Children in Care Team 1",
         "Children in Care Team 2", "Leaving Care Team", "Disabled Children's Team"]
FRONT, ASSESS, CPT, CIC, LEAVING, DCT = 0, 1, 4, 6, 8, 9  # first index of each group

FIRST_NAMES = """Aaliyah Abdul Adam Aisha Alex Alice Amara Amelia Amir Amy Andrew Anna Ayesha Ben Bethany
Bilal Callum Carla Charlotte Chloe Chris Claire Connor Daniel Danielle David Deborah Dean Eleanor Elif
Emma Ewa Faisal Fatima Gemma Grace Hannah Harpreet Imran Isaac Jade Jamal James Jasmine Jason Jennifer
Joanne Jordan Joseph Kate Katie Kayleigh Kieran Laura Leah Lee Lucy Mark Martin Marek Megan Michelle
Mohammed Naomi Natalie Nadia Nia Olivia Oliver Paul Priya Rachel Rebecca Rhys Richard Rosie Ruth Ryan
Sadia Samantha Sarah Shauna Sophie Stacey Stephen Tariq Tom Tracey Victoria Wendy Yasmin Zainab Zoe""".split()
SURNAMES = """Adams Ahmed Ali Allen Anderson Atkinson Bailey Baker Begum Bell Bennett Brown Butler Campbell
Carter Chapman Clarke Collins Cooper Cox Davies Dawson Edwards Ellis Evans Fisher Foster Gill Graham Green
Griffiths Hall Harris Hughes Hussain Jackson James Johnson Jones Kaur Kelly Khan King Kowalski Lewis Marshall
Martin Mason Mitchell Moore Morgan Murphy Murray Nowak Okafor Owen Palmer Parker Patel Phillips Price Reid
Richards Roberts Robinson Rogers Russell Scott Shah Simpson Singh Smith Stewart Taylor Thomas Thompson Turner
Walker Ward Watson White Wilkinson Williams Wilson Wood Wright Young""".split()

OLD_LA_CODES = """201 202 203 204 205 206 207 208 209 210 211 212 213 301 302 303 304 305 306 307 308 309 310 311
312 313 314 315 316 317 318 319 320 330 331 332 333 334 335 336 340 341 342 343 344 350 351 352 353 354 355
356 357 358 359 370 371 372 373 380 381 382 383 384 390 391 392 393 394 420 800 801 802 803 805 806 807 808
810 811 812 813 815 816 821 822 823 825 826 830 831 838 839 840 841 845 846 850 851 852 855 856 857 860 861
865 866 867 868 869 870 871 872 873 874 876 877 878 879 880 881 882 883 884 885 886 887 888 889 890 891 892
893 894 895 896 908 916 919 921 925 926 929 931 933 935 936 937 938 940 941 942 943""".split()  # 153 LAs
DEMO_LA = "999"  # the demo catalogue's Exampleshire
