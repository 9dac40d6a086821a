import ServiceClients

/// Translation between English and Indonesian with a chat model: the text is data in a fence,
/// the reply is the translation alone.
public struct ChatTranslator: Sendable {
    public let client: ChatClient

    public init(client: ChatClient) {
        self.client = client
    }

    static func name(_ code: String) -> String { code == "id" ? "Indonesian" : "English" }

    public func translate(_ text: String, from source: String, to target: String) async throws(ServiceError) -> String {
        let messages = [
            ChatMessage(.system, "You are a professional translator. Translate the text the user gives from \(Self.name(source)) to \(Self.name(target)). The text is a transcript of spoken interview answers: keep its meaning, tone and first person; do not summarise, explain or answer it. Reply with the translation only."),
            ChatMessage(.user, "\"\"\"\(ScorePrompt.fenced(text))\"\"\""),
        ]
        let completion = try await client.complete(ChatRequest(model: client.endpoint.model, messages: messages,
                                                                maxTokens: min(4096, max(256, text.utf8.count / 2)), temperature: 0))
        var reply = LLMAssessor.stripFences(completion.text)
        if reply.hasPrefix("\"\"\""), reply.hasSuffix("\"\"\""), reply.count >= 6 { reply = String(reply.dropFirst(3).dropLast(3)) }
        reply = reply.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reply.isEmpty else { throw .invalidResponse("the model returned an empty translation") }
        return reply
    }
}
