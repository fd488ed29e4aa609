"""The audit action codes and their Chinese labels (namespaced: `<area>.<event>`)."""

ACTION_LABELS = {
    "auth.login": "登录",
    "auth.login_failed": "登录失败",
    "auth.login_locked": "账号锁定期间尝试登录",
    "auth.logout": "退出登录",
    "auth.password_changed": "修改密码",
    "account.created": "创建账号",
    "org.created": "新建组织",
    "org.updated": "修改组织",
    "sector.created": "新增界别",
    "sector.updated": "修改界别",
    "person.created": "新增人员",
    "person.updated": "修改人员",
    "person.revealed": "查看完整个人信息",
    "group.created": "新建活动小组",
    "group.updated": "修改活动小组",
    "audit.purged": "清理过期审计记录",
    "workbook.imported": "导入联络工作台账",
    "workbook.exported": "导出联络工作台账",
}
