import Testing
@Test func statePlaceholder() {}
