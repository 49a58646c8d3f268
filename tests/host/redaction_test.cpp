// The log never carries a secret the host has handled, even when plugin code writes one by mistake.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "files.hpp"
#include "services/file_logger.hpp"
#include "services/redactor.hpp"
#include "temp_dir.hpp"

namespace eatos::host {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(Redactor, MasksEveryOccurrenceOfEveryRememberedSecret) {
  Redactor redactor;
  redactor.remember("alpha-secret");
  redactor.remember("beta-secret");
  EXPECT_EQ(redactor.scrub("alpha-secret and beta-secret and alpha-secret"),
            "[redacted] and [redacted] and [redacted]");
}

TEST(Redactor, IgnoresValuesTooShortToBeSecrets) {
  Redactor redactor;
  redactor.remember("ab");
  EXPECT_EQ(redactor.scrub("about"), "about");
}

TEST(FileLogger, DebugLinesAreWrittenOnlyInVerboseMode) {
  testing::TempDir dir;
  Redactor redactor;
  {
    FileLogger quiet(dir.path(), redactor, false);
    quiet.write("web", sdk::LogLevel::debug, "GET / 200");
    quiet.write("web", sdk::LogLevel::info, "signed in");
  }
  const auto text = testing::read_file(dir / FileLogger::file_name);
  EXPECT_THAT(text, Not(HasSubstr("GET / 200")));
  EXPECT_THAT(text, HasSubstr("signed in"));
}

TEST(FileLogger, WritesOneScrubbedLinePerEventToAnOwnerOnlyFile) {
  testing::TempDir dir;
  Redactor redactor;
  redactor.remember("tok_supersecret");
  {
    FileLogger log(dir.path(), redactor, false);
    PluginLogger plugin(log, "7shifts");
    plugin.error("sent Authorization: Bearer tok_supersecret\nsecond line");
  }
  const auto text = testing::read_file(dir / FileLogger::file_name);
  EXPECT_THAT(text, HasSubstr("error [7shifts] sent Authorization: Bearer [redacted] second line\n"));
  EXPECT_THAT(text, Not(HasSubstr("tok_supersecret")));
  struct stat info {};
  ASSERT_EQ(::stat((dir / FileLogger::file_name).c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777U, 0600U);
}

}  // namespace
}  // namespace eatos::host
