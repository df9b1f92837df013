# expect: {"topic": "output_size", "error": "SyntaxError", "score": "zero"}
def conv_output_length(n, kernel_size, stride=1, padding="valid", dilation=1)
    return n
