import Foundation
import StageProtocol

/// A results document in the shape of README's "Results document" example (the astronaut video
/// with its face covered from 4 to 6 s, and a broken second upload, scored by the rubric scorer):
/// llm_results, both aggregates, one processed item and one failed item.
enum ResultsFixture {
    static func document(session: SessionID) -> String {
        """
        {
          "success": true, "name": "Jane Smith", "session": "\(session)",
          "llm_results": {"kesimpulan_llm": "Ringkasan Penilaian: Penilaian oleh rubrik berbasis aturan, bukan LLM: jawaban berisi 67 kata dalam 4 kalimat.",
                          "rata_rata_confidence_score": null, "avg_total_llm": 44.73, "final_score_llm": 44.73, "avg_logprobs_confidence": null,
                          "summary_logprobs_confidence": "Tidak ada confidence score logprobs: jawaban dinilai tanpa logprobs dari LLM.",
                          "reused_single_analysis": true, "llm_model": "rubric-scorer-v1 (no LLM configured)", "scorer": "rubric",
                          "report_language": "id", "logprobs_available": false, "answers_assessed": 1},
          "content": [
            {"id": 1, "question": "Tell me about yourself",
             "result": {"penilaian": {"kualitas_jawaban": 37.9, "koherensi": 56.3, "relevansi": 40, "total_score": 44.73,
                                      "analisis_llm": "Penilaian oleh rubrik berbasis aturan, bukan LLM.",
                                      "logprobs_confidence": null, "final_score_llm": 44.73, "scorer": "rubric", "logprobs_available": false,
                                      "llm_model": "rubric-scorer-v1 (no LLM configured)"},
                        "cheating_detection": {
                          "visual": {"total_frames_analyzed": 371, "suspicious_frames": 30, "suspicious_percentage": 8.09,
                                     "face_detected_percentage": 91.91, "confidence_score": 91.91, "verdict": "Medium Risk",
                                     "issues_detected": ["Face not visible: 30 frames (8.09%)"],
                                     "timeline": [{"indicator": "face_missing", "start_s": 4.0, "end_s": 6.0, "frames": 30,
                                                   "measure": "face_count", "peak": 0, "threshold": 1, "snapshot": "evidence/1/1.jpg"}]},
                          "audio": {"num_speakers_detected": 1, "silhouette_score": null, "confidence_score": 90, "verdict": "Safe",
                                    "details": "Only 1 speaker detected (candidate only)", "timeline": []},
                          "final_verdict": "Medium Risk", "overall_confidence_score": 90.96, "cheating_score": 8.09},
                        "non_verbal_analysis": {"non_verbal_confidence_score": 91.6, "performance_status": "EXCELLENT"},
                        "transkripsi_en": "And Mr. John Dashwood had then leisure to consider how much there might be prudently in his power to do for them.",
                        "transkripsi_id": "[Translation not available: no engine translates English to Indonesian here: set DEEPL_API_KEY or LLM_BASE_URL]",
                        "metadata": {"video_file": "videos/1.mp4", "audio_file": "audio/1.wav", "duration": 24.73, "source_file": "video1.mp4"}}},
            {"id": 2, "question": "Why this position?", "error": {"stage": "audio", "message": "Video 2: File is not a playable video (format not recognised)"},
             "result": {"metadata": {"video_file": "videos/2.mp4", "source_file": "notes.mp4"}}}
          ],
          "aggregate_cheating_detection": {"avg_cheating_score": 8.09, "final_aggregate_verdict": "Medium Risk", "risk_level": "MEDIUM",
                                           "verdict_distribution": {"Safe": 0, "Medium Risk": 1, "High Risk": 0},
                                           "summary": "Analyzed 1 question(s). Average cheating score: 8.09%."},
          "aggregate_non_verbal_analysis": {"overall_confidence_score": 91.6, "overall_performance_status": "EXCELLENT",
                                            "summary": "speaking ratio 0.90 (very active), speech rate ~167 wpm (fast)"},
          "metadata": {"total_videos": 2, "successful_videos": 1, "failed_videos": 1,
                       "total_duration_seconds": 24.73, "processed_at": "2026-11-24T21:30:02.698+00:00", "language": "en",
                       "model": "whisper-base (native Swift)", "llm_model": "rubric-scorer-v1 (no LLM configured)",
                       "deepl_used": false, "hf_api_used": false, "translation_used": false}
        }
        """
    }
}
