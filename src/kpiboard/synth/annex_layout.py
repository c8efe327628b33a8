"""The Annex A (2024 layout) sheets and their column headers, exactly as the template words them.

Ofsted's Annex A template has eleven lists; headers keep the template's spelling and punctuation
(including its typographic quotes and the stray ")" in list 8) because readers match them exactly.
"""

from __future__ import annotations

HEADERS: dict[str, list[str]] = {
    'List 1': [
        'Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age', 'Date of Contact', 'Contact Source',
    ],
    'List 2': [
        'Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age', 'Assessment start date',
        'Assessment completion date', 'Organisation completing assessment',
    ],
    'List 3': [
        'Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age', 'Date of Referral',
        'Referral Source', 'Referral NFA?', 'Number of Referrals in Last 12 Months', 'Allocated Team',
        'Allocated Worker',
    ],
    'List 4': [
        'Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age', 'Does the Child have a Disability',
        'Continuous Assessment Start Date', 'Child Seen During Continuous Assessment',
        'Continuous Assessment Date of Authorisation',
        "Was the child assessed as requiring LA children's social care support?", 'Allocated Team',
        'Allocated Worker',
    ],
    'List 5': [
        'Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age', 'Does the Child have a Disability',
        'Strategy discussion initiating Section 47 Enquiry Start Date',
        'Was an Initial Child Protection Conference deemed unnecessary?',
        'Date of Initial Child Protection Conference',
        'Did the Initial Child Protection Conference Result in a Child Protection Plan',
        'Number of Section 47 Enquiries in the last 12 months', 'Number of ICPCs in the last 12 months',
        'Allocated Team', 'Allocated Worker',
    ],
    'List 6': [
        'Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age', 'Does the Child have a Disability',
        'CIN Start Date', 'Primary Need Code', 'Date Child Was Last Seen', 'CIN Closure Date',
        'Reason for Closure', 'Case Status', 'Allocated Team', 'Allocated Worker',
    ],
    'List 7': [
        'Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age', 'Does the Child have a Disability',
        'Child Protection Plan Start Date', 'Initial Category of Abuse', 'Latest Category of Abuse',
        'Date of the Last Statutory Visit', 'Was the Child Seen Alone?', 'Date of latest review conference',
        'Child Protection Plan End Date',
        'Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)',
        'Number of Previous Child Protection Plans', 'Allocated Team', 'Allocated Worker',
    ],
    'List 8': [
        'Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age',
        'Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))',
        'Does the Child have a Disability', 'Date Started to be Looked After', "Child's Category of Need",
        'Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)',
        'Start date of current legal status', "Child's Legal Status", 'Date of Latest Statutory Review',
        'Date of Last Social Work Visit', 'What is the permanence plan for this child?',
        'Date of Last IRO Visit / Contact to the Child', 'Date of Last Health Assessment',
        'Date of Last Dental Check', 'Number of Placements in the Last 12 months',
        'Date Ceased to be Looked After', 'Reason Ceased to be Looked After',
        'Start Date of Most Recent Placement', 'Placement Type', 'Placement Provider', 'Placement postcode',
        'URN of Placement', 'Placement Location', 'LA of Placement',
        'Number of Episodes the Child has been ‘Missing’ from their Placement in the last 12 months',
        'Number of Episodes the Child has been ‘Absent’ from their Placement in the last 12 months',
        'Was the child offered a Return Interview after their last missing episode (Y/N)?',
        'Did the child accept a Return Interview after their last missing episode (Y/N)?', 'Allocated Team',
        'Allocated Worker',
    ],
    'List 9': [
        'Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age',
        'Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)',
        'Does the Child have a Disability', 'Allocated Team', 'Allocated Worker', 'Allocated Personal Advisor',
        'Eligibility Category', 'Latest Pathway Plan Review Date', 'LA in Touch', 'Latest Date of Contact',
        'Type of Accommodation', 'Suitability of Accommodation', 'Activity Status',
    ],
    'List 10': [
        'Child Unique ID', 'Family identifier', 'Gender', 'Ethnicity', 'Date of Birth', 'Age of Child (Years)',
        'Does the Child have a Disability', 'Date the Child Entered Care',
        'Date of Decision that Child Should be Placed for Adoption', 'Date of Placement Order',
        'Date of Matching Child and Prospective Adopters', 'Date Placed for Adoption',
        'Date of Adoption Order', 'Date of Decision that Child Should No Longer be Placed for Adoption',
        'Reason Why Child No Longer Placed for Adoption',
        'Date the child was placed for fostering in FFA or concurrent planning placement',
    ],
    'List 11': [
        'Individual adopter identifier', 'Family identifier', 'Gender', 'Ethnicity', 'Disability',
        'Is the (prospective) adopter fostering for adoption?', 'Date enquiry received',
        'Date Stage 1 started', 'Date Stage 1 ended', 'Date Stage 2 started', 'Date Stage 2 ended',
        'Date application submitted', 'Date application approved', 'Date adopter matched with child(ren)',
        'Date child/children placed with adopter(s)', 'No. of children placed', 'Date of Adoption Order',
        'Date of leaving adoption process', 'Reason for leaving adoption process',
    ],
}
COMMON = HEADERS["List 1"][:5]  # child id, gender, ethnicity, date of birth, age
