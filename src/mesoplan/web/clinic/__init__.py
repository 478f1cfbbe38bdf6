"""Clinics: organisations with members and roles, their clients, charted sessions, consent, audit and FHIR."""
