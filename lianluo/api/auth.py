"""Bearer tokens (`Authorization: Bearer <token>`): the API acts as the token's account, through
the same scoping and permission rules as the web pages."""

from ninja.security import HttpBearer

from lianluo.accounts.tokens import user_for_token


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is None:
            return None
        request.user = user
        return user
