"""The register: banks, contracts, people, registered numbers and designated responders; who is
available when, deactivating a person, the number-change notice, and spreadsheet import/export."""
