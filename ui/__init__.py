"""The Streamlit layer: pages, components, session-state keys and caching wrappers."""
