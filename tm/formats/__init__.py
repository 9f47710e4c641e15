"""Readers and writers for the files the workbench takes in and gives out."""
