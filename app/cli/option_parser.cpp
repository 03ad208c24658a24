// SPDX-License-Identifier: GPL-2.0-or-later
// getopt_long wrapper: resets getopt's globals per command and words errors like qemu-img.
#include "option_parser.h"

namespace diskscope::cli {

OptionParser::OptionParser(int argc, char** argv, const char* shortOptions, const option* longOptions)
    : m_argc(argc), m_argv(argv), m_shortOptions(std::string(":") + shortOptions), m_longOptions(longOptions)
{
    // 0 (not 1) makes glibc re-initialise completely, so a second command in the same
    // process (the tests) parses from scratch.
    optind = 0;
    opterr = 0;  // the leading ':' above also keeps getopt quiet; errors are ours to word
}

int OptionParser::next()
{
    const int code = getopt_long(m_argc, m_argv, m_shortOptions.c_str(), m_longOptions, nullptr);
    if (code != ':' && code != '?')
        return code;
    // A short option is named by its letter (it may sit inside a group like "-Uz"),
    // a long one by the word the user typed, as qemu-img quotes it.
    const std::string word = optind > 0 && optind <= m_argc ? m_argv[optind - 1] : "";
    const bool longOption = word.rfind("--", 0) == 0;
    const std::string name =
        !longOption && optopt > 0 && optopt < 128 ? std::string("-") + static_cast<char>(optopt) : word;
    if (code == ':')
        m_error = "missing argument for option '" + name + "'";
    else
        m_error = "unrecognized option '" + name + "'";
    return '?';
}

std::vector<std::string> OptionParser::operands() const
{
    std::vector<std::string> result;
    for (int i = optind; i < m_argc; ++i)
        result.emplace_back(m_argv[i]);
    return result;
}

}  // namespace diskscope::cli
