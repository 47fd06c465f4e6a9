"""Strings of an unusable database, malformed settings, and backup and restore."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "db_busy": "数据库正忙（其他人正在导入或保存），本次修改未保存。请稍后再试。",
        "db_read_only": "数据库当前为只读，无法保存任何修改（已有数据不受影响）。请联系管理员。",
        "db_read_only_banner": "数据库当前为只读：可以查看，但不能导入、录入或登录。请联系管理员。",
        "db_missing": "找不到数据库文件，或文件不是本系统的数据库。请联系管理员从备份恢复。",
        "db_unreachable": "暂时无法连接数据库，请稍后刷新页面重试；如持续出现，请联系管理员。",
        "db_retry_hint": "数据库恢复后，刷新或切换页面即可继续使用，无需重新启动。",
        "settings_error_title": "设置有误，系统无法启动。请修改以下设置后重新启动：",
        "settings_expected_int_range": "应为 {minimum} 到 {maximum} 之间的整数",
        "settings_expected_number_range": "应为 {minimum} 到 {maximum} 之间的数字（如 1.5）",
        "settings_expected_language": "应为 zh 或 en",
        "settings_expected_timezone": "应为时区名称，如 Asia/Shanghai",
        "settings_expected_database_url": (
            "应为 SQLAlchemy 数据库地址，如 sqlite:///data/streetdash.db 或 "
            "postgresql+psycopg://用户:密码@主机/库名"
        ),
        "settings_expected_toml": "文件不是有效的 TOML",
        "settings_problem_line": "{name}（当前值 {value}）：{expected}",
        "action_restore": "从备份恢复",
        "table_database": "整个数据库",
    },
    "en": {
        "db_busy": "The database is busy (someone else is importing or saving); nothing was saved. Try again in a moment.",
        "db_read_only": "The database is read-only right now, so nothing can be saved (the data already there is safe). Contact the administrator.",
        "db_read_only_banner": "The database is read-only: you can read, but not import, enter records or sign in. Contact the administrator.",
        "db_missing": "The database file is missing, or is not a streetdash database. Ask the administrator to restore it from a backup.",
        "db_unreachable": "The database cannot be reached right now. Reload the page in a moment; if this persists, contact the administrator.",
        "db_retry_hint": "Once the database is back, reload or switch pages to carry on; no restart is needed.",
        "settings_error_title": "A setting is malformed and the app cannot start. Fix these settings and restart:",
        "settings_expected_int_range": "must be a whole number from {minimum} to {maximum}",
        "settings_expected_number_range": "must be a number from {minimum} to {maximum} (such as 1.5)",
        "settings_expected_language": "must be zh or en",
        "settings_expected_timezone": "must be a time zone name such as Asia/Shanghai",
        "settings_expected_database_url": "must be a SQLAlchemy database URL such as sqlite:///data/streetdash.db or postgresql+psycopg://user:password@host/db",
        "settings_expected_toml": "the file is not valid TOML",
        "settings_problem_line": "{name} (now {value}): {expected}",
        "action_restore": "restored from a backup",
        "table_database": "whole database",
    },
}
