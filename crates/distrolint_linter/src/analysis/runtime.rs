//! Shared analyses for the rules about ENTRYPOINT/CMD, users and COPY (families C, D and E).
