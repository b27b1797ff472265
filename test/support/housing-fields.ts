// The cohort file's housing job-match fields: their effects are walked with a housing cohort in
// test/cohort-file-housing.test.ts (their programme takes job openings; the dual-track file of
// test/cohort-file-effects.test.ts may not carry them).
export const HOUSING_FIELDS = [
  'partnerships[].housingAssociations[].id',
  'partnerships[].housingAssociations[].name',
  'partnerships[].housingAssociations[].contact.name',
  'partnerships[].housingAssociations[].contact.email',
  'partnerships[].housingAssociations[].areas[]',
  'partnerships[].housingAssociations[].companies[]',
  'partnerships[].steering.coordinator.name',
  'partnerships[].steering.coordinator.email',
  'participants[].housingArea',
];
