"""Deployment: the systemd units, the nginx site and the PostgreSQL roles shipped beside this
package, and `streetdash check`, which says whether a deployment is set up right."""
