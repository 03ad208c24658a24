// SPDX-License-Identifier: GPL-2.0-or-later
// getopt_long with qemu-img's error texts, returning errors instead of printing them.
#pragma once

#include <getopt.h>

#include <string>
#include <vector>

namespace diskscope::cli {

// Iterates over a command's options. Options and file names may be mixed
// ("info file --output json"), as GNU getopt permutes them; "--" ends the options.
// Long options take "--name=value" and "--name value".
class OptionParser {
public:
    // `shortOptions` in getopt syntax without the leading ':'; `longOptions` ends with a
    // zero entry. argv[0] is the command name. getopt's global state is reset here.
    OptionParser(int argc, char** argv, const char* shortOptions, const option* longOptions);

    // The next option's code (short letter or long option's val), or -1 at the end.
    // On a bad option returns '?' and sets error() to qemu-img's text
    // ("unrecognized option '--x'", "missing argument for option '-f'").
    int next();
    const char* argument() const { return optarg; }
    const std::string& error() const { return m_error; }
    // The non-option arguments, in order. Valid once next() returned -1.
    std::vector<std::string> operands() const;

private:
    int m_argc;
    char** m_argv;
    std::string m_shortOptions;
    const option* m_longOptions;
    std::string m_error;
};

}  // namespace diskscope::cli
