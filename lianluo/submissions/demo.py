def demo_submissions(ctx) -> None:
    return None
